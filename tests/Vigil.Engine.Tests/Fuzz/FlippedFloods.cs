using System.Globalization;
using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// The 3 MB message of issue 10: 50 nested message/rfc822 parts, then one Content-Disposition line
/// of one parameter piece repeated (`filename=;x*0="a";x*0="a";…`), with a few flipped bytes. A
/// flipped quote or ';' shifts every later piece (quotes swallow the separators, names swallow the
/// quotes), which is what made one parser loop quadratic. <see cref="Swept"/> flips each bit of
/// each byte of one early piece in turn, so every such shift is tried; <see cref="Generate"/>
/// draws the shape and 1 to 4 flips at random.
/// </summary>
internal static class FlippedFloods
{
    public const int Nesting = 50;

    private static readonly string[] Pieces = [";x*0=\"a\"", ";filename*0=\"a\"", ";filename*{0}=\"a\"", ";filename=\"a{0}\"", ";x*0*=utf-8''a%41", "=?x?Q?a"];

    /// <summary>Cases <see cref="Swept"/> can make: one per piece, byte of the piece and bit.</summary>
    public static int SweepCount => Pieces.Sum(p => Piece(p, 0).Length * 8);

    /// <summary>Sweep case <paramref name="index"/>: one bit of one byte of the 10th piece flipped, the line about <paramref name="lineBytes"/> long.</summary>
    public static FuzzCase Swept(int index, int lineBytes, bool crlf)
    {
        foreach (var template in Pieces)
        {
            var length = Piece(template, 0).Length;
            if (index >= length * 8)
            {
                index -= length * 8;
                continue;
            }

            var (bytes, lineStart, pieceStarts) = Build(template, lineBytes, crlf ? "\r\n" : "\n");
            var at = lineStart + pieceStarts[10] + (index / 8);
            bytes[at] ^= (byte)(1 << (index % 8));
            return new FuzzCase(bytes, $"nesting {Nesting}, piece {template} x {pieceStarts.Count}, {(crlf ? "CRLF" : "LF")}, byte {index / 8} of piece 10 bit {index % 8} flipped, {bytes.Length} bytes");
        }

        throw new ArgumentOutOfRangeException(nameof(index), "past the sweep");
    }

    /// <summary>A random piece, line length up to <paramref name="maxLineBytes"/>, line ends and 1 to 4 flips anywhere.</summary>
    public static FuzzCase Generate(Random random, int maxLineBytes)
    {
        var template = Pieces[random.Next(Pieces.Length)];
        var crlf = random.Next(2) == 0;
        var (bytes, _, pieceStarts) = Build(template, 1 + random.Next(maxLineBytes), crlf ? "\r\n" : "\n");
        var flips = 1 + random.Next(4);
        var log = new StringBuilder();
        for (var i = 0; i < flips; i++)
        {
            var at = random.Next(bytes.Length);
            var bit = random.Next(8);
            bytes[at] ^= (byte)(1 << bit);
            log.Append(CultureInfo.InvariantCulture, $" {at}.{bit}");
        }

        return new FuzzCase(bytes, $"nesting {Nesting}, piece {template} x {pieceStarts.Count}, {(crlf ? "CRLF" : "LF")}, flipped{log}, {bytes.Length} bytes");
    }

    private static string Piece(string template, int n) =>
        template.Contains("{0}", StringComparison.Ordinal) ? string.Format(CultureInfo.InvariantCulture, template, n) : template;

    private static (byte[] Bytes, int LineStart, List<int> PieceStarts) Build(string template, int lineBytes, string eol)
    {
        var text = new StringBuilder($"From: a@example.com{eol}To: b@example.net{eol}Subject: flipped flood{eol}MIME-Version: 1.0{eol}");
        for (var i = 0; i < Nesting; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: message/rfc822{eol}{eol}Subject: level {i}{eol}");
        }

        var lineStart = text.Length;
        var line = new StringBuilder("Content-Disposition: attachment; filename=");
        var pieceStarts = new List<int>();
        for (var n = 0; line.Length < lineBytes || pieceStarts.Count <= 10; n++)
        {
            pieceStarts.Add(line.Length);
            line.Append(Piece(template, n));
        }

        text.Append(line).Append(eol).Append(CultureInfo.InvariantCulture, $"{eol}body{eol}");
        return (Encoding.Latin1.GetBytes(text.ToString()), lineStart, pieceStarts);
    }
}

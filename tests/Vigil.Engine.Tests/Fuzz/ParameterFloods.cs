using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// The shapes of the fuzz findings of issue 10, combined at random: nested message/rfc822 parts,
/// long header lines built from repeated parameter pieces (RFC 2231 sections, distinct names,
/// unclosed RFC 2047 words), CRLF or LF line ends, lines duplicated many times, a few flipped bytes.
/// </summary>
internal static class ParameterFloods
{
    private static readonly string[] Pieces = [";x*0=\"a\"", ";filename*0=\"a\"", ";filename=\"a{0}\"", ";filename*{0}=\"a\"", "=?x?Q?a", " ;name=a{0}.exe"];

    public static FuzzCase Generate(Random random)
    {
        var eol = random.Next(2) == 0 ? "\r\n" : "\n";
        var nesting = random.Next(60);
        var piece = Pieces[random.Next(Pieces.Length)];
        var repeats = 1 + random.Next(30_000);
        var duplicates = 1 + random.Next(random.Next(2) == 0 ? 2 : 200);
        var field = random.Next(2) == 0 ? "Content-Disposition: attachment; filename=" : "Content-Type: application/octet-stream; name=";

        var text = new StringBuilder($"From: a@example.com{eol}To: b@example.net{eol}Subject: flood{eol}MIME-Version: 1.0{eol}");
        for (var i = 0; i < nesting; i++)
        {
            text.Append($"Content-Type: message/rfc822{eol}{eol}Subject: level {i}{eol}");
        }

        var line = new StringBuilder(field);
        for (var i = 0; i < repeats; i++)
        {
            line.Append(piece.Contains("{0}", StringComparison.Ordinal) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, piece, i) : piece);
        }

        line.Append(eol);
        var lineText = line.ToString();
        for (var i = 0; i < duplicates; i++)
        {
            text.Append(lineText);
        }

        text.Append($"{eol}body{eol}");
        var bytes = Encoding.Latin1.GetBytes(text.ToString());
        var flips = random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return new FuzzCase(bytes, $"nesting {nesting}, piece {piece} x {repeats}, line x {duplicates}, eol {(eol.Length == 2 ? "CRLF" : "LF")}, {flips} flips, {bytes.Length} bytes");
    }
}

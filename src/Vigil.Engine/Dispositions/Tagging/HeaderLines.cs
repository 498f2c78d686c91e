using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Sanitizing;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// Builds added header lines: every value sanitised (<see cref="HeaderValueSanitizer"/>: no CR, LF
/// or other control characters, bounded length) and restricted to printable ASCII (anything else
/// becomes '?'), since these headers go in front of mail of any charset.
/// </summary>
internal sealed class HeaderLines(string newline)
{
    /// <summary>Longest value written; with folding no physical line comes near RFC 5322's 998.</summary>
    public const int MaxValueLength = 900;

    /// <summary>Physical line length folded values aim for (RFC 5322's 78).</summary>
    private const int FoldAt = 78;

    private readonly StringBuilder _sb = new(256);

    public string Newline { get; } = newline;

    public bool IsEmpty => _sb.Length == 0;

    public void Add(string name, string value)
    {
        _sb.Append(name).Append(": ").Append(Clean(value)).Append(Newline);
    }

    /// <summary>
    /// Adds a value made of words, folded (newline + TAB) before a word that would pass
    /// <see cref="FoldAt"/>, as SpamAssassin folds X-Spam-Status; words past the length cap are left out.
    /// A word marked Glue follows the one before without a space unless folded ("tests=A,B,C").
    /// </summary>
    public void AddFolded(string name, IEnumerable<(string Word, bool Glue)> words)
    {
        var lineLength = name.Length + 1;
        var total = 0;
        _sb.Append(name).Append(':');
        foreach (var (raw, glue) in words)
        {
            var word = Clean(raw);
            if (word.Length == 0)
            {
                continue;
            }

            if (total + word.Length + 1 > MaxValueLength)
            {
                break;
            }

            if (lineLength + 1 + word.Length > FoldAt && lineLength > name.Length + 1)
            {
                _sb.Append(Newline).Append('\t').Append(word);
                lineLength = 8 + word.Length;
            }
            else if (glue)
            {
                _sb.Append(word);
                lineLength += word.Length;
            }
            else
            {
                _sb.Append(' ').Append(word);
                lineLength += 1 + word.Length;
            }

            total += word.Length + 1;
        }

        _sb.Append(Newline);
    }

    public byte[] ToBytes() => Encoding.ASCII.GetBytes(_sb.ToString());

    private static string Clean(string value) => PrintableAscii.Of(HeaderValueSanitizer.Sanitize(value, MaxValueLength));
}

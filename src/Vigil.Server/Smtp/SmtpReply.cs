using System.Text;

namespace Vigil.Server.Smtp;

/// <summary>One SMTP reply: a code and one or more lines of text (the enhanced status code is part of the text).</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string line)
        : this(code, [line])
    {
    }

    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>The reply on the wire: `250-first`, ..., `250 last`, each ending in CRLF.</summary>
    public void WriteTo(StringBuilder output)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            output.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-').Append(Lines[i]).Append("\r\n");
        }
    }

    public override string ToString()
    {
        var b = new StringBuilder();
        WriteTo(b);
        return b.ToString();
    }
}

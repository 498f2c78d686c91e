using System.Net.Sockets;
using System.Text;

namespace Vigil.Tests.Cli;

/// <summary>An SMTP client for tests of the real `vigil serve`: a command out, its whole reply back (CRLF as LF).</summary>
internal sealed class SmtpLines(NetworkStream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.ASCII);

    public string Command(string line)
    {
        stream.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
        return Reply();
    }

    public string Reply()
    {
        var text = new StringBuilder();
        while (_reader.ReadLine() is { } line)
        {
            text.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                break;
            }
        }

        return text.ToString();
    }
}

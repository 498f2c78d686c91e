using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// A bare SMTP client for the inputs swaks will not send (over-long lines, NUL, floods): raw bytes
/// out, whole replies in. Reads wait at most 30 s, so a missing reply fails the test instead of
/// hanging it.
/// </summary>
public sealed class RawSmtpClient : IDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    public RawSmtpClient(int port)
    {
        _tcp.Connect("127.0.0.1", port);
        _tcp.ReceiveTimeout = 30_000;
        _tcp.SendTimeout = 30_000;
        _stream = _tcp.GetStream();
    }

    public void Send(string text) => SendBytes(Encoding.UTF8.GetBytes(text));

    public void SendBytes(byte[] bytes) => _stream.Write(bytes);

    /// <summary>Sends <paramref name="line"/> with CRLF and reads the reply to it.</summary>
    public string Command(string line)
    {
        Send(line + "\r\n");
        return Reply();
    }

    /// <summary>One whole (multi-line) reply, CRLFs as LF; "" when the server closed first.</summary>
    public string Reply()
    {
        var text = new StringBuilder();
        while (ReadLine() is { } line)
        {
            text.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                return text.ToString();
            }
        }

        return text.ToString();
    }

    /// <summary>True when the server closed the connection (after whatever it still sends, which is discarded).</summary>
    public bool Closed()
    {
        try
        {
            while (ReadLine() is not null)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Greeting, EHLO, MAIL and RCPT in the ordinary way; returns the RCPT reply.</summary>
    public string Open(string sender = "sender@client.test", string recipient = "bob@example.test")
    {
        Assert.StartsWith("220 ", Reply(), StringComparison.Ordinal);
        Assert.StartsWith("250", Command("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", Command($"MAIL FROM:<{sender}>"), StringComparison.Ordinal);
        return Command($"RCPT TO:<{recipient}>");
    }

    public void Dispose() => _tcp.Dispose();

    private string? ReadLine()
    {
        while (true)
        {
            var lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString([.. _pending.GetRange(0, lf)]).TrimEnd('\r');
                _pending.RemoveRange(0, lf + 1);
                return line;
            }

            var buffer = new byte[4096];
            var n = _stream.Read(buffer);
            if (n == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }
}

using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// STARTTLS with the certificate and key from the control directory (`servercert.pem`, qmail's TLS
/// patch's name): offered only when they are there (opportunistic: a client may go on in clear),
/// swaks --tls delivers over it, commands pipelined after STARTTLS in clear are dropped, and the
/// EHLO over TLS does not offer it again.
/// </summary>
public class SmtpStartTlsTests
{
    [Fact]
    public async Task SwaksDeliversOverStartTlsAndTheReceivedLineSaysEsmtps()
    {
        using var control = new TempDir();
        WriteCertificate(control.Path);
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);

        var r = Swaks.Run(vigil.Port, "--tls", "--from", "sender@client.test", "--to", "bob@example.test", "--body", "over TLS");

        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("<-  220 2.0.0 Ready to start TLS", r.Output, StringComparison.Ordinal);
        Assert.Contains("=== TLS started with cipher", r.Output, StringComparison.Ordinal);
        var relayed = Assert.Single(sink.Transactions);
        Assert.Contains("(Vigil) with ESMTPS;", relayed.Data, StringComparison.Ordinal);
        vigil.WaitForLog("smtp 127.0.0.1: STARTTLS: Tls");
    }

    [Fact]
    public async Task WithoutACertificateStartTlsIsNotOfferedAndMailGoesOnInClear()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);

        Assert.DoesNotContain("STARTTLS", c.Command("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("502 ", c.Command("STARTTLS"), StringComparison.Ordinal);
        var r = Swaks.Run(vigil.Port, "--tls-optional", "--from", "sender@client.test", "--to", "bob@example.test", "--body", "in clear");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("(Vigil) with ESMTP;", Assert.Single(sink.Transactions).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandsPipelinedAfterStartTlsInClearAreDroppedAndTlsEhloDoesNotOfferItAgain()
    {
        using var control = new TempDir();
        WriteCertificate(control.Path);
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, PeerScript.FreePort());
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", vigil.Port);
        tcp.ReceiveTimeout = 30_000;
        var clear = tcp.GetStream();
        var reader = new LineReader(clear);
        Assert.StartsWith("220 ", reader.Reply(), StringComparison.Ordinal);
        clear.Write("EHLO client.test\r\n"u8);
        Assert.Contains("250 STARTTLS\n", "\n" + reader.Reply().Replace("250-", "250 ", StringComparison.Ordinal), StringComparison.Ordinal);

        // An injected command after STARTTLS, in the same packet.
        clear.Write("STARTTLS\r\nMAIL FROM:<injected@evil.test>\r\n"u8);
        Assert.Equal("220 2.0.0 Ready to start TLS\n", reader.Reply());
        await using var tls = new SslStream(clear, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("gw.vigil.test");
        var secure = new LineReader(tls);
        tls.Write("EHLO client.test\r\n"u8);
        var ehlo = secure.Reply();

        // The first reply over TLS answers the EHLO, not the injected MAIL.
        Assert.StartsWith("250-gw.vigil.test\n", ehlo, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        tls.Write("RCPT TO:<bob@example.test>\r\n"u8);
        Assert.StartsWith("503 5.5.1 Need MAIL before RCPT", secure.Reply(), StringComparison.Ordinal);
    }

    /// <summary>A self-signed certificate and its key in one PEM file, as qmail's servercert.pem.</summary>
    private static void WriteCertificate(string controlDirectory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gw.vigil.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(controlDirectory, "servercert.pem"), certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>Whole replies off a stream (CRLF as LF).</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly List<byte> _pending = [];

        public string Reply()
        {
            var text = new StringBuilder();
            while (true)
            {
                var line = Line();
                text.Append(line).Append('\n');
                if (line.Length < 4 || line[3] != '-')
                {
                    return text.ToString();
                }
            }
        }

        private string Line()
        {
            while (true)
            {
                var lf = _pending.IndexOf((byte)'\n');
                if (lf >= 0)
                {
                    var line = Encoding.ASCII.GetString([.. _pending.GetRange(0, lf)]).TrimEnd('\r');
                    _pending.RemoveRange(0, lf + 1);
                    return line;
                }

                var buffer = new byte[4096];
                var n = stream.Read(buffer);
                if (n == 0)
                {
                    throw new IOException("closed");
                }

                _pending.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }
    }
}

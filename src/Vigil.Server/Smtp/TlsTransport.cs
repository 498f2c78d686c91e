using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Server.Smtp;

/// <summary>
/// The session's pipes after STARTTLS: TLS over the connection's own pipes, with new pipes over the
/// TLS stream for the session to read and write. The handshake is bounded by the caller's token.
/// </summary>
public sealed class TlsTransport : IDuplexPipe, IAsyncDisposable
{
    private readonly SslStream _tls;

    private TlsTransport(SslStream tls)
    {
        _tls = tls;
        Input = PipeReader.Create(tls, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>The protocol and cipher suite negotiated, for the log.</summary>
    public string Description => $"{_tls.SslProtocol} {_tls.NegotiatedCipherSuite}";

    /// <summary>Runs the server side of the handshake; null with <paramref name="error"/> when it fails (the connection is then closed).</summary>
    public static async Task<(TlsTransport? Transport, string Error)> StartAsync(IDuplexPipe connection, X509Certificate2 certificate, CancellationToken ct)
    {
        var tls = new SslStream(new DuplexPipeStream(connection), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false }, ct).ConfigureAwait(false);
            return (new TlsTransport(tls), "");
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            return (null, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _tls.DisposeAsync().ConfigureAwait(false);
    }
}

using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>One real clamd and one real Postfix (the next hop) shared by the tests of a class.</summary>
public sealed class GatewayPeers : IDisposable
{
    public PrivateClamdProcess Clamd { get; } = new();

    public PostfixPeer Postfix { get; } = new();

    public void Dispose()
    {
        Postfix.Dispose();
        Clamd.Dispose();
    }
}

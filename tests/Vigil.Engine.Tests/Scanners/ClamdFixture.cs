using Vigil.Engine.Scanners.Clamd;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>The real clamd the scanner tests share (one per collection), with its addresses as the engine takes them.</summary>
public sealed class ClamdFixture : IDisposable
{
    private readonly PrivateClamdProcess _clamd = new();

    public ClamdFixture()
    {
        Unix = ClamdAddress.Unix(_clamd.SocketPath);
        Tcp = ClamdAddress.Tcp("127.0.0.1", _clamd.Port);
    }

    public string RunDir => _clamd.RunDir;

    public int Port => _clamd.Port;

    public ClamdAddress Unix { get; }

    public ClamdAddress Tcp { get; }

    public void Dispose() => _clamd.Dispose();
}

using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Vigil.Server.Milter;

/// <summary>
/// Acknowledges what the MTA sent at once instead of after Linux's delayed-ACK timer (40 ms).
/// The MTA writes several packets Vigil does not answer (macros before each command, headers and
/// body chunks under the no-reply steps); Postfix leaves Nagle's algorithm on for its milter
/// connections, so its next small write waits for the ACK of the last one, and with nothing to
/// send back our kernel held that ACK: about 48 ms per message on one session (docs/PERFORMANCE.md,
/// "Milter with Postfix"). Setting TCP_QUICKACK after each packet read sends the pending ACK now
/// (Linux clears the flag again as it goes, hence after every read). Elsewhere, or on a unix
/// socket, it does nothing.
/// </summary>
internal sealed class TcpQuickAck
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAckOption = 12;

    private static readonly byte[] On = BitConverter.GetBytes(1);

    private readonly Socket _socket;
    private bool _failed;

    private TcpQuickAck(Socket socket) => _socket = socket;

    /// <summary>For a TCP connection on Linux; null otherwise.</summary>
    public static TcpQuickAck? For(ConnectionContext connection) =>
        OperatingSystem.IsLinux() && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { ProtocolType: ProtocolType.Tcp } socket
            ? new TcpQuickAck(socket)
            : null;

    /// <summary>Sends the ACK of what was read now; a failure turns it off for the connection (never fails the session).</summary>
    public void AfterRead()
    {
        if (_failed)
        {
            return;
        }

        try
        {
            _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAckOption, On);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            _failed = true;
        }
    }
}

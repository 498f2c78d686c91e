using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;

namespace Vigil.Server.Milter;

/// <summary>
/// The milter listener as a Kestrel connection handler (`vigil serve --milter ADDR`; Postfix's
/// `smtpd_milters = inet:HOST:PORT`): one <see cref="MilterSession"/> per connection, all on the
/// one engine of the process.
/// </summary>
public sealed class MilterConnectionHandler(MailGateway gateway, MilterLimits limits, ILogger<MilterConnectionHandler> log) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input.AsStream(leaveOpen: true);
        var output = connection.Transport.Output.AsStream(leaveOpen: true);
        var name = connection.RemoteEndPoint?.ToString() ?? connection.ConnectionId;
        var session = new MilterSession(gateway, limits, log, input, output, name, TcpQuickAck.For(connection));
        await session.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }
}

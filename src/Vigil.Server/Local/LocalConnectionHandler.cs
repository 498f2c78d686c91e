using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;

namespace Vigil.Server.Local;

/// <summary>
/// The local socket as a Kestrel connection handler (`vigil serve --socket PATH`): one request
/// per connection from a qmail door, judged by the process's one engine (<see cref="LocalSession"/>).
/// </summary>
public sealed class LocalConnectionHandler(MailGateway gateway, LocalPolicyIdentity identity, LocalLimits limits, ILocalRowStore rows, ILogger<LocalConnectionHandler> log) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input.AsStream(leaveOpen: true);
        var output = connection.Transport.Output.AsStream(leaveOpen: true);
        var session = new LocalSession(gateway, identity, limits, rows, log, input, output, connection.ConnectionId);
        // Not connection.ConnectionClosed: Kestrel fires it when the door half-closes after its
        // request, and the door still waits for the reply. Reads end by their own bounds; a
        // message being judged is finished (the host's drain bounds that on SIGTERM).
        await session.RunAsync(CancellationToken.None).ConfigureAwait(false);
    }
}

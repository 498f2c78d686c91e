using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Hosting;
using Vigil.Server.Logging;

namespace Vigil.Server.Smtp;

/// <summary>
/// The SMTP gateway listener as a Kestrel connection handler (`vigil serve --smtp ADDR`): the
/// client rules and connection limits decide whether the client is greeted at all, then one
/// <see cref="SmtpConversation"/> runs on the connection's pipes with the configuration in force
/// when it connected. Kestrel's sockets have TCP_NODELAY on (its default), so a reply is not held
/// back behind Nagle's algorithm.
/// </summary>
public sealed class SmtpConnectionHandler(
    MailGateway gateway,
    ServerConfigurationSource configuration,
    SmtpDelivery delivery,
    ConnectionLimiter limiter,
    ServeOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<SmtpConnectionHandler> log) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var current = configuration.Current;
        var access = current.Access.Decide(address, null);
        var client = new SmtpClientFacts(address, access, current);
        if (!access.Allowed)
        {
            await RefuseAsync(connection, client, new SmtpReply(554, "5.7.1 Connection refused by the client rules")).ConfigureAwait(false);
            return;
        }

        if (!limiter.TryAcquire(client.AddressText))
        {
            await RefuseAsync(connection, client, new SmtpReply(421, "4.7.0 Too many connections, try again later")).ConfigureAwait(false);
            return;
        }

        try
        {
            var limits = options.Limits;
            var mayForward = client.MayForward;
            var conversation = new SmtpConversation(
                connection.Transport,
                (facts, commands) => new SmtpSession(limits, options.HostName, new SmtpRecipientPolicy(facts), mayForward, commands, offerTls: !facts.Tls && facts.Configuration.Certificate is not null),
                delivery,
                client,
                limits,
                log);
            await conversation.RunAsync(() => new IncomingMessage(gateway.NewSpool(), limits), connection.ConnectionClosed, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        finally
        {
            limiter.Release(client.AddressText);
        }
    }

    private async Task RefuseAsync(ConnectionContext connection, SmtpClientFacts client, SmtpReply reply)
    {
        ServerLog.ConnectionRefused(log, client.AddressText, reply.ToString().TrimEnd());
        using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(reply.ToString()), timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Not reading or gone: the connection closes anyway.
        }
    }
}

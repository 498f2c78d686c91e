using System.Globalization;
using System.Text;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Engine.Sanitizing;
using Vigil.Server.Relay;

namespace Vigil.Server.Smtp;

/// <summary>
/// The end of one SMTP transaction: the engine judges the spooled message and this only turns the
/// outcome into the reply. Mail to deliver is relayed first and the client gets 250 only when the
/// next hop said 250 to the dot (its own refusal is passed back in code); reject is 554 5.7.1;
/// defer, a scanner outage or any fault 451 4.7.1; dropped mail 250; quarantined mail 250 unless
/// <paramref name="quarantineReply"/> says 550, 554 or 451 (the serve file's `quarantinereply=`).
/// </summary>
public sealed class SmtpDelivery(MailGateway gateway, SmtpRelayClient relay, DoorContext door, string hostName, int quarantineReply = 250)
{
    private const int MaxPassedLines = 10;

    /// <param name="original">The client the message came from, as XFORWARD tells the next hop.</param>
    public async Task<DeliveryResult> FinishAsync(IncomingMessage message, string sender, IReadOnlyList<string> recipients, SmtpClientFacts client, string? helo, OriginalClient original, CancellationToken ct)
    {
        if (message.Receiver.Oversize)
        {
            return new(new SmtpReply(552, "5.3.4 Message size exceeds fixed limit"), "refused", "oversize", "");
        }

        if (message.Receiver.HeaderTooLarge)
        {
            return new(new SmtpReply(552, "5.3.4 Message header exceeds fixed limit"), "refused", "header-too-large", "");
        }

        if (message.SpoolFailed)
        {
            return new(new SmtpReply(451, "4.3.0 Cannot store the message, try again later"), "deferred", "spool-error", message.SpoolError);
        }

        var envelope = new Envelope(sender, recipients)
        {
            ClientIp = client.AddressText,
            Helo = helo,
            RelayClient = client.Access.RelayClient,
            Variables = client.Access.Variables,
            Door = "smtp",
        };
        // The client rule's profile, then the recipients' (all share one: SmtpRecipientPolicy), most specific last.
        var recipientProfile = client.Configuration.Profiles.For(recipients[0]);
        IReadOnlyList<string> profiles = recipientProfile.Length == 0 ? client.Access.Profiles : [.. client.Access.Profiles, recipientProfile];
        var profiled = profiles.Count == 0 ? door : door with { Profiles = profiles };
        using var outcome = await gateway.ProcessAsync(message.Spool, envelope, profiled, ct).ConfigureAwait(false);
        var reason = outcome.Reason;
        switch (outcome.Kind)
        {
            case OutcomeKind.Deliver:
                return await RelayAsync(message, outcome, sender, recipients, client, helo, original, ct).ConfigureAwait(false);
            case OutcomeKind.Quarantined:
                return new(QuarantinedReply(reason), "quarantined", reason, outcome.Detail);
            case OutcomeKind.Dropped:
                return new(new SmtpReply(250, $"2.7.0 Ok, discarded ({reason})"), "dropped", reason, outcome.Detail);
            case OutcomeKind.Rejected:
                return new(new SmtpReply(554, $"5.7.1 Message refused ({reason})"), "rejected", reason, outcome.Detail);
            default:
                return new(new SmtpReply(451, $"4.7.1 Message deferred ({reason}), try again later"), "deferred", reason, outcome.Detail);
        }
    }

    private async Task<DeliveryResult> RelayAsync(IncomingMessage message, GatewayOutcome outcome, string sender, IReadOnlyList<string> recipients, SmtpClientFacts client, string? helo, OriginalClient original, CancellationToken ct)
    {
        if (client.Configuration.Routes.For(recipients[0]) is not { } hop)
        {
            return new(new SmtpReply(451, "4.3.0 No route, try again later"), "deferred", "no-route", "");
        }

        var prefix = Concat(ReceivedLine(client, helo), outcome.AddedHeaders);
        var sent = await relay.SendAsync(hop, sender, recipients, original, prefix, message.Spool.OpenRead, ct).ConfigureAwait(false);
        var reply = Passed(sent.Reply);
        if (sent.Accepted)
        {
            return new(new SmtpReply(250, reply.Lines), "delivered", outcome.Reason, sent.Detail);
        }

        return new(reply, reply.Code >= 500 ? "refused-by-next-hop" : "deferred", outcome.Reason, sent.Detail);
    }

    private SmtpReply QuarantinedReply(string reason) => quarantineReply switch
    {
        550 or 554 => new SmtpReply(quarantineReply, $"5.7.1 Message refused, quarantined ({reason})"),
        451 => new SmtpReply(451, $"4.7.1 Message held in quarantine ({reason}), try again later"),
        _ => new SmtpReply(250, $"2.7.0 Ok, quarantined ({reason})"),
    };

    /// <summary>The next hop's reply as ours: the same code, its lines reduced to printable ASCII and bounded in number.</summary>
    private static SmtpReply Passed(SmtpReply reply)
    {
        var lines = reply.Lines.Take(MaxPassedLines).Select(l => PrintableAscii.Of(l, 400)).ToList();
        return new SmtpReply(reply.Code, lines.Count == 0 ? [""] : lines);
    }

    /// <summary>Our Received line (LF ends: the relay turns every line end into CRLF).</summary>
    private byte[] ReceivedLine(SmtpClientFacts client, string? helo)
    {
        var date = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var from = PrintableAscii.Of(helo ?? "unknown", 200).Replace('(', '?').Replace(')', '?');
        return Encoding.ASCII.GetBytes($"Received: from {from} ([{client.AddressText}])\n\tby {hostName} (Vigil) with {(client.Tls ? "ESMTPS" : "ESMTP")};\n\t{date}\n");
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var all = new byte[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return all;
    }
}

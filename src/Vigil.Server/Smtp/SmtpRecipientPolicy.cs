namespace Vigil.Server.Smtp;

/// <summary>
/// The gateway's RCPT rules: a client without RELAYCLIENT may only send to `rcpthosts` domains
/// (554 5.7.1 otherwise); a recipient needs a route (451 when none is configured, so nothing is
/// lost to a configuration gap); and a transaction goes to one next hop, since one reply to the
/// final dot has to answer for all its recipients: a recipient routed elsewhere gets 452 4.5.3 and
/// the client sends it again in another transaction, as amavisd-new does for mixed policies; so
/// does a recipient whose `rcptprofiles` profile is not the first recipient's (one transaction is
/// judged once, under one policy).
/// </summary>
public sealed class SmtpRecipientPolicy(SmtpClientFacts client) : IRecipientPolicy
{
    public SmtpReply? Check(string recipient, IReadOnlyList<string> accepted)
    {
        var configuration = client.Configuration;
        if (!client.Access.RelayClient && !configuration.RecipientHosts.Accepts(recipient))
        {
            return new SmtpReply(554, "5.7.1 Relaying denied");
        }

        if (configuration.Routes.For(recipient) is not { } hop)
        {
            return new SmtpReply(451, "4.3.0 No route for this recipient, try again later");
        }

        if (accepted.Count > 0 && configuration.Routes.For(accepted[0]) != hop)
        {
            return new SmtpReply(452, "4.5.3 Recipient routed elsewhere, send it in another transaction");
        }

        if (accepted.Count > 0 && configuration.Profiles.For(recipient) != configuration.Profiles.For(accepted[0]))
        {
            return new SmtpReply(452, "4.5.3 Recipient has another policy, send it in another transaction");
        }

        return null;
    }
}

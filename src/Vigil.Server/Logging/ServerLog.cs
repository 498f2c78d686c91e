using Microsoft.Extensions.Logging;

namespace Vigil.Server.Logging;

/// <summary>The daemon's structured log events (source-generated: no boxing, no reflection).</summary>
public static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Listener} listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string listener, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "reloaded ({Why}): {Rules} client rules, rcpthosts {HostsConfigured}")]
    public static partial void Reloaded(ILogger logger, string why, int rules, bool hostsConfigured);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "reload ({Why}) refused, the configuration in force stays: {Errors}")]
    public static partial void ReloadRefused(ILogger logger, string why, string errors);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "policy error (mail is deferred until it is fixed): {Error}")]
    public static partial void PolicyError(ILogger logger, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "no rcpthosts or morercpthosts: mail for every domain is accepted from every client (qmail-smtpd's rule)")]
    public static partial void OpenRecipientHosts(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "smtp {Client}: {Outcome} {Reason} from=<{Sender}> rcpts={Recipients} size={Size} reply=\"{Reply}\" {Detail}")]
    public static partial void Transaction(ILogger logger, string client, string outcome, string reason, string sender, int recipients, long size, string reply, string detail);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "smtp {Client}: refused: {Reply}")]
    public static partial void ConnectionRefused(ILogger logger, string client, string reply);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "smtp {Client}: closed: {Why}")]
    public static partial void SessionClosed(ILogger logger, string client, string why);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "smtp {Client}: XCLIENT: the session goes on as {Address} name={Name} (rule {Rule})")]
    public static partial void XClient(ILogger logger, string client, string address, string name, string rule);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "smtp {Client}: STARTTLS: {Tls}")]
    public static partial void TlsStarted(ILogger logger, string client, string tls);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "relay {Hop}: connected, {Tls}, XFORWARD {Xforward}")]
    public static partial void RelayConnected(ILogger logger, string hop, string tls, bool xforward);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "relay {Hop}: reused connection failed ({Why}), trying a new one")]
    public static partial void RelayRetry(ILogger logger, string hop, string why);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void MessageLine(ILogger logger, string line);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Line}")]
    public static partial void EngineWarning(ILogger logger, string line);
}

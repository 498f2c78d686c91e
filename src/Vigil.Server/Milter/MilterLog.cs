using Microsoft.Extensions.Logging;

namespace Vigil.Server.Milter;

/// <summary>What the milter listener logs.</summary>
internal static partial class MilterLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "milter {Connection}: queue {QueueId} from <{Sender}> to {Recipients} recipient(s): {Reply} ({Reason})")]
    public static partial void Answered(ILogger logger, string connection, string queueId, string sender, int recipients, string reply, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "milter {Connection}: {Problem}; closing the connection")]
    public static partial void ProtocolError(ILogger logger, string connection, string problem);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "milter {Connection}: {Detail}")]
    public static partial void OutcomeDetail(ILogger logger, string connection, string detail);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "milter {Connection}: internal error, closing the connection")]
    public static partial void InternalError(ILogger logger, string connection, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace Vigil.Server.Local;

/// <summary>What the local-socket listener logs.</summary>
internal static partial class LocalLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "socket {Connection}: {Door} from <{Sender}> to {Recipients} recipient(s): {Outcome} ({Reason}); rows {Rows}")]
    public static partial void Answered(ILogger logger, string connection, string door, string sender, int recipients, string outcome, string reason, string rows);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "socket {Connection}: {Problem}; closing the connection")]
    public static partial void ProtocolError(ILogger logger, string connection, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "socket {Connection}: internal error, closing the connection")]
    public static partial void InternalError(ILogger logger, string connection, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "socket {Path}: {Problem}")]
    public static partial void SocketFile(ILogger logger, string path, string problem);
}

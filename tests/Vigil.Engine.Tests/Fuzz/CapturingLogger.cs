using Microsoft.Extensions.Logging;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// The scanner turns an internal exception into an `error` verdict and logs it; this logger keeps
/// the exception so a fuzz failure can show its stack trace.
/// </summary>
internal sealed class CapturingLogger : ILogger<MessageJudge>
{
    public Exception? LastException { get; private set; }

    public void Clear() => LastException = null;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null)
        {
            LastException = exception;
        }
    }
}

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>Where message log lines go. A failed write is reported by the result, never thrown: logging must not lose a message.</summary>
public interface IMessageLogWriter
{
    /// <summary>Writes one line (without line end); false when it could not be written.</summary>
    bool Write(string line);
}

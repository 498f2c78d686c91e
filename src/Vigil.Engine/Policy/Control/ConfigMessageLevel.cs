namespace Vigil.Engine.Policy.Control;

/// <summary>How serious a configuration message is: errors make `vigil config check` exit 1.</summary>
public enum ConfigMessageLevel
{
    Warning,
    Error,
}

using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Engine.Gateway;

/// <summary>
/// What differs between doors besides the envelope: the profiles their arguments name and where
/// their output goes. The gateway writes nothing anywhere else.
/// </summary>
public sealed record DoorContext
{
    /// <summary>Profile directories this message is judged under (dot-qmail -u/-c, --profile, VIGIL_PROFILE), most specific last.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>Where the message log line goes when `log=` is unset; none when null.</summary>
    public Func<IMessageLogWriter?>? DefaultLog { get; init; }

    /// <summary>Where configuration warnings and side-effect failures are reported (a door's stderr, a daemon's log).</summary>
    public TextWriter? Warnings { get; init; }

    public static DoorContext Silent { get; } = new();
}

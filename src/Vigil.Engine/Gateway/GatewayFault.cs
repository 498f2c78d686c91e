namespace Vigil.Engine.Gateway;

/// <summary>
/// Why a message was deferred before it could be judged, for doors whose protocol has a code for
/// it (qmail-queue's 53, 54, 55). Every fault is a <see cref="OutcomeKind.Deferred"/> outcome.
/// </summary>
public enum GatewayFault
{
    None,

    /// <summary>The message could not be read from the door's stream.</summary>
    Read,

    /// <summary>The message was too big for memory and could not be spooled to disk.</summary>
    Spool,

    /// <summary>A control file in force has errors: nothing is judged against a broken policy.</summary>
    Configuration,
}

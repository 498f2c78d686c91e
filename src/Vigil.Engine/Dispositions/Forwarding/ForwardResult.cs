namespace Vigil.Engine.Dispositions.Forwarding;

/// <summary>What became of the forwarded copy of one blocked message.</summary>
/// <param name="List">The control file the addresses came from ("vmforward" or "bmforward"); "" when none applies.</param>
/// <param name="Recipients">The addresses the copy was (or would have been) sent to.</param>
/// <param name="Result">The transport's answer; null when nothing was sent.</param>
/// <param name="Skipped">Why nothing was sent, when that is worth saying; "" otherwise.</param>
public sealed record ForwardResult(string List, IReadOnlyList<string> Recipients, Notifications.SendResult? Result, string Skipped)
{
    /// <summary>Nothing to forward (forwarding off for this kind of verdict).</summary>
    public static ForwardResult None { get; } = new("", [], null, "");

    public bool IsSent => Result is { IsSent: true };

    public bool IsFailed => Result is { IsSent: false };
}

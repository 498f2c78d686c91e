namespace Vigil.Server.Local;

/// <summary>What asking the daemon came to: its reply, or why there is none (the door then judges the message itself).</summary>
public sealed record LocalAnswer(LocalReply? Reply, string Problem)
{
    /// <summary>The daemon judged the message: the door answers with <see cref="Reply"/>.</summary>
    public bool Answered => Reply is { Status: LocalReplyStatus.Answered };
}

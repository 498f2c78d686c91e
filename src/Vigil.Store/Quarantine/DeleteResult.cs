namespace Vigil.Store.Quarantine;

/// <summary>What a delete of a quarantined message did: <see cref="Deleted"/>, or why not (no such message, the database unreachable, being released).</summary>
public sealed record DeleteResult(bool Deleted, string Detail)
{
    public static DeleteResult Done { get; } = new(true, "deleted");

    public static DeleteResult NotFound { get; } = new(false, "no such quarantined message");
}

namespace Vigil.Store.Reading;

/// <summary>
/// The dashboard's message log search; every field optional (null or empty: any). Address matches
/// the sender or the recipient (any case), subject is a substring (any case), Message-ID with or
/// without its angle brackets, time is [From, To).
/// </summary>
public sealed record MessageSearch
{
    public string? Address { get; init; }

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public string? Verdict { get; init; }

    public string? ClientIp { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }
}

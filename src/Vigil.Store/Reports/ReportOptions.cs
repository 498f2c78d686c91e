namespace Vigil.Store.Reports;

/// <summary>What `vigil report` writes: the time range [From, To), a page per month instead of per day, and QMVC's anonymisation (-r recipients, -o originators).</summary>
public sealed record ReportOptions
{
    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }

    public bool Monthly { get; init; }

    public bool AnonymizeRecipients { get; init; }

    public bool AnonymizeSenders { get; init; }

    /// <summary>How many entries each top list has.</summary>
    public int TopCount { get; init; } = 20;
}

namespace Vigil.Web.Quarantine;

/// <summary>One recorded dashboard action on a quarantined message.</summary>
public sealed record ActionEntry(DateTimeOffset Time, string User, string Action, string Outcome, string Detail);

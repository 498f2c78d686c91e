namespace Vigil.Web.Quarantine;

/// <summary>What one release or delete of one message did, as the page says it.</summary>
public sealed record ActionResult(string Id, bool Done, string Text);

namespace Vigil.Store.Reading;

/// <summary>One entry of a top list: what, and in how many messages.</summary>
public sealed record Ranked(string Key, long Messages);

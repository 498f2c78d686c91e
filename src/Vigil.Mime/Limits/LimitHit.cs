namespace Vigil.Mime.Limits;

/// <summary>A limit that was reached: analysis of that branch stopped there.</summary>
public sealed record LimitHit(string Limit, string PartPath, string Detail);

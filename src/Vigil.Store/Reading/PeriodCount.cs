namespace Vigil.Store.Reading;

/// <summary>Messages of one verdict in one period (a UTC day yyyy-MM-dd or month yyyy-MM), and their bytes.</summary>
public sealed record PeriodCount(string Period, string Verdict, long Messages, long Bytes);

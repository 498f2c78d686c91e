namespace Vigil.Store.Model;

/// <summary>One scanner's run on a stored message: clean, found, error, timeout or stopped, and its time.</summary>
public sealed record StoredScannerRun(string Scanner, string Result, double ElapsedMilliseconds);

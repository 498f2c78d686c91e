namespace Vigil.Engine.Scanners.Configuration;

/// <summary>The control files the scanners read (part of the admin's contract: never rename one).</summary>
public static class ScannerFileNames
{
    /// <summary>One scanner per line: <c>kind target... [key=value ...] [required|optional]</c>.</summary>
    public const string Scanners = "scanners";

    /// <summary>QMVC's list of detected types the virus scanners need not see, one regex per line.</summary>
    public const string NoScanTypes = "noscantypes";

    public static IReadOnlyList<string> All { get; } = [Scanners, NoScanTypes];
}

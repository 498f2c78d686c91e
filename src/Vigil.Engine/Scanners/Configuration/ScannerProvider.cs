using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Keeps the scanners of a stack of control directories and reloads them when `scanners` or
/// `noscantypes` changes, as <see cref="Policy.PolicyProvider"/> does for the policy (the same
/// <see cref="ControlFileCache{T}"/>: a look at the files per message in a door, at most one per
/// recheck window in a resident process). Scanners given at start (--clamd) are always appended.
/// Thread-safe.
/// </summary>
public sealed class ScannerProvider
{
    private readonly ControlFileCache<ScannerSet> _cache;

    /// <param name="recheck">At most one look at the files per this span (zero: at every call, as a door does).</param>
    public ScannerProvider(ControlLayers layers, ScannerLineParser? parser = null, IReadOnlyList<ConfiguredScanner>? extra = null, TimeSpan recheck = default)
    {
        Layers = layers;
        var lineParser = parser ?? ScannerLineParser.Default;
        IReadOnlyList<ConfiguredScanner> always = extra ?? [];
        _cache = new ControlFileCache<ScannerSet>(layers, ScannerFileNames.All, () => ScannerConfigLoader.Load(layers, lineParser).With(always), recheck);
    }

    public ControlLayers Layers { get; }

    public int LoadCount => _cache.LoadCount;

    /// <summary>Just these scanners, no control files.</summary>
    public static ScannerProvider Fixed(IReadOnlyList<ConfiguredScanner> scanners) => new(ControlLayers.None, null, scanners);

    /// <summary>The scanners in force now, reloaded first if a file changed.</summary>
    public ScannerSet Current => _cache.Current;

    /// <summary>The next <see cref="Current"/> looks at the files, whatever the recheck window says.</summary>
    public void Invalidate() => _cache.Invalidate();
}

using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Keeps the scanners of a stack of control directories and reloads them when `scanners` or
/// `noscantypes` changes, as <see cref="Policy.PolicyProvider"/> does for the policy: one stat per
/// candidate file per message, a reload only when one appeared, disappeared or changed. Scanners
/// given at start (--clamd) are always appended. Thread-safe.
/// </summary>
public sealed class ScannerProvider
{
    private readonly ScannerLineParser _parser;
    private readonly IReadOnlyList<ConfiguredScanner> _extra;
    private readonly Lock _gate = new();
    private Loaded? _loaded;

    public ScannerProvider(ControlLayers layers, ScannerLineParser? parser = null, IReadOnlyList<ConfiguredScanner>? extra = null)
    {
        Layers = layers;
        _parser = parser ?? ScannerLineParser.Default;
        _extra = extra ?? [];
    }

    public ControlLayers Layers { get; }

    public int LoadCount { get; private set; }

    /// <summary>Just these scanners, no control files.</summary>
    public static ScannerProvider Fixed(IReadOnlyList<ConfiguredScanner> scanners) => new(ControlLayers.None, null, scanners);

    /// <summary>The scanners in force now, reloaded first if a file changed.</summary>
    public ScannerSet Current
    {
        get
        {
            var snapshot = ControlSnapshot.Take(Layers, ScannerFileNames.All, Volatile.Read(ref _loaded)?.Snapshot);
            var loaded = Volatile.Read(ref _loaded);
            if (loaded is not null && loaded.Snapshot.Equals(snapshot))
            {
                if (!loaded.Snapshot.SameDirectories(snapshot))
                {
                    // Nothing to load, but the next snapshot starts from this one's directory times
                    // (unless a reload under the lock got there first).
                    Interlocked.CompareExchange(ref _loaded, loaded with { Snapshot = snapshot }, loaded);
                }

                return loaded.Set;
            }

            lock (_gate)
            {
                loaded = _loaded;
                if (loaded is not null && loaded.Snapshot.Equals(snapshot))
                {
                    return loaded.Set;
                }

                var set = ScannerConfigLoader.Load(Layers, _parser).With(_extra);
                Volatile.Write(ref _loaded, new Loaded(set, snapshot));
                LoadCount++;
                return set;
            }
        }
    }

    private sealed record Loaded(ScannerSet Set, ControlSnapshot Snapshot);
}

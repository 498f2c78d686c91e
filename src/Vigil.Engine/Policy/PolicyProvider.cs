using System.Collections.Concurrent;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Policy;

/// <summary>
/// Keeps the loaded policy of one profile and reloads it when a control file changes, the qmail
/// way: no restart, the next message sees the new rules. <see cref="Current"/> is called once per
/// message; it stats the profile's candidate files (no reads; of those absent, none while their
/// directory is unchanged, see <see cref="ControlSnapshot"/>) and reloads only when a file
/// appeared, disappeared, or changed size or modification time. Thread-safe.
/// </summary>
public sealed class PolicyProvider
{
    // Made on the first ForProfile: a one-message door without profiles need not load the
    // concurrent collections at all.
    private ConcurrentDictionary<string, PolicyProvider>? _profiles;
    private readonly Lock _gate = new();
    private LoadedPolicy? _loaded;

    /// <param name="controlDirectory">The default control directory; null for built-in defaults only.</param>
    public PolicyProvider(string? controlDirectory)
        : this(new ControlLayers([controlDirectory]))
    {
    }

    public PolicyProvider(ControlLayers layers)
    {
        Layers = layers;
    }

    public ControlLayers Layers { get; }

    /// <summary>How many times the policy was (re)loaded; for tests and metrics.</summary>
    public int LoadCount { get; private set; }

    /// <summary>The policy in force now, reloaded first if any control file changed.</summary>
    public PolicySet Current
    {
        get
        {
            var snapshot = ControlSnapshot.Take(Layers, Volatile.Read(ref _loaded)?.Snapshot);
            var loaded = Volatile.Read(ref _loaded);
            if (loaded is not null && loaded.Snapshot.Equals(snapshot))
            {
                if (!loaded.Snapshot.SameDirectories(snapshot))
                {
                    // Nothing to load, but the next snapshot starts from this one's directory times
                    // (unless a reload under the lock got there first).
                    Interlocked.CompareExchange(ref _loaded, loaded with { Snapshot = snapshot }, loaded);
                }

                return loaded.Policy;
            }

            lock (_gate)
            {
                loaded = _loaded;
                if (loaded is not null && loaded.Snapshot.Equals(snapshot))
                {
                    return loaded.Policy;
                }

                // The snapshot is taken before reading, so a file changed during the load is seen
                // as changed on the next message and loaded again.
                var policy = ControlDirectoryLoader.Load(Layers);
                Volatile.Write(ref _loaded, new LoadedPolicy(policy, snapshot));
                LoadCount++;
                return policy;
            }
        }
    }

    /// <summary>
    /// A provider for a profile: <paramref name="overlayDirs"/> (a user's or domain's control
    /// directory; when several, the last is the most specific) laid over this provider's
    /// directories file by file. Providers are cached per profile, so calling this per message
    /// costs a dictionary lookup and keeps hot reload cheap.
    /// </summary>
    public PolicyProvider ForProfile(params string[] overlayDirs)
    {
        var layers = Layers.With(overlayDirs);
        var profiles = LazyInitializer.EnsureInitialized(ref _profiles, () => new ConcurrentDictionary<string, PolicyProvider>(StringComparer.Ordinal));
        return profiles.GetOrAdd(layers.Key, _ => new PolicyProvider(layers));
    }

    /// <summary>
    /// `vigil config check`: loads every file afresh (ignoring the cache) and returns what was
    /// read and every error and warning with file and line.
    /// </summary>
    public ConfigReport CheckConfiguration() => ControlDirectoryLoader.Load(Layers).Report;

    private sealed record LoadedPolicy(PolicySet Policy, ControlSnapshot Snapshot);
}

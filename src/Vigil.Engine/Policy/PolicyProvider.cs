using System.Collections.Concurrent;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Policy;

/// <summary>
/// Keeps the loaded policy of one profile and reloads it when a control file changes, the qmail
/// way: no restart, the next message sees the new rules (<see cref="ControlFileCache{T}"/>: a
/// door looks at the files at every <see cref="Current"/>, a resident process at most once per
/// recheck window and at once after <see cref="Invalidate"/>). Thread-safe.
/// </summary>
public sealed class PolicyProvider
{
    // Made on the first ForProfile: a one-message door without profiles need not load the
    // concurrent collections at all.
    private ConcurrentDictionary<string, PolicyProvider>? _profiles;
    private readonly ControlFileCache<PolicySet> _cache;

    /// <param name="controlDirectory">The default control directory; null for built-in defaults only.</param>
    /// <param name="recheck">At most one look at the files per this span (zero: at every call, as a door does).</param>
    public PolicyProvider(string? controlDirectory, TimeSpan recheck = default)
        : this(new ControlLayers([controlDirectory]), recheck)
    {
    }

    public PolicyProvider(ControlLayers layers, TimeSpan recheck = default)
    {
        Layers = layers;
        Recheck = recheck;
        _cache = new ControlFileCache<PolicySet>(layers, ControlFileNames.AllWithSeedNames, () => ControlDirectoryLoader.Load(layers), recheck);
    }

    public ControlLayers Layers { get; }

    /// <summary>The recheck window (zero: every call looks at the files); profiles' providers get the same.</summary>
    public TimeSpan Recheck { get; }

    /// <summary>How many times the policy was (re)loaded; for tests and metrics.</summary>
    public int LoadCount => _cache.LoadCount;

    /// <summary>The policy in force now, reloaded first if any control file changed.</summary>
    public PolicySet Current => _cache.Current;

    /// <summary>
    /// The next call looks at the files whatever the recheck window says; the profiles' providers
    /// too (their directories may have changed with it).
    /// </summary>
    public void Invalidate()
    {
        _cache.Invalidate();
        if (Volatile.Read(ref _profiles) is { } profiles)
        {
            foreach (var profile in profiles.Values)
            {
                profile.Invalidate();
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
        return profiles.GetOrAdd(layers.Key, _ => new PolicyProvider(layers, Recheck));
    }

    /// <summary>
    /// `vigil config check`: loads every file afresh (ignoring the cache) and returns what was
    /// read and every error and warning with file and line.
    /// </summary>
    public ConfigReport CheckConfiguration() => ControlDirectoryLoader.Load(Layers).Report;
}

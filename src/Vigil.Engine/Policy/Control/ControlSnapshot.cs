namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The state (present, size, modification time) of every path a profile could read its control
/// files from. Taking one reads nothing, so a provider can compare snapshots on every message and
/// reload only when one differs.
/// <para>
/// Most candidate files do not exist (a control directory holds a few of the two dozen names),
/// and stat'ing each of them for every message was a tenth of `vigil serve`'s CPU on a gateway
/// (`perf record`, issue 11). A file cannot appear in a directory without changing the
/// directory's modification time (POSIX), so given the previous snapshot only the directory and
/// the files that existed are stat'ed while the directory is unchanged. That shortcut is taken only
/// when the previous snapshot was taken at least <see cref="Settled"/> after the directory last
/// changed: a file made within the same clock tick as an earlier change would leave the
/// directory's time as it was.
/// </para>
/// </summary>
internal sealed class ControlSnapshot : IEquatable<ControlSnapshot>
{
    /// <summary>How long a directory must have been unchanged before its absent files are taken as still absent.</summary>
    internal static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    private const long Absent = -1;

    // Per directory: its modification time (Absent when missing) and a pad, then per name its
    // length (Absent when missing) and modification time.
    private readonly long[] _state;
    private readonly int _names;
    private readonly long _takenAt;

    private ControlSnapshot(long[] state, int names, long takenAt)
    {
        _state = state;
        _names = names;
        _takenAt = takenAt;
    }

    /// <summary>The state of every policy control file of <paramref name="layers"/>.</summary>
    public static ControlSnapshot Take(ControlLayers layers, ControlSnapshot? previous = null) => Take(layers, ControlFileNames.AllWithSeedNames, previous);

    /// <summary>The state of the files <paramref name="names"/> in every directory of <paramref name="layers"/>.</summary>
    /// <param name="previous">The last snapshot of the same layers and names, whose absent files need no stat while their directory is unchanged.</param>
    public static ControlSnapshot Take(ControlLayers layers, IReadOnlyList<string> names, ControlSnapshot? previous = null)
    {
        var perDirectory = 2 + (names.Count * 2);
        var state = new long[layers.Directories.Count * perDirectory];
        var takenAt = DateTime.UtcNow.Ticks;
        var comparable = previous is not null && previous._names == names.Count && previous._state.Length == state.Length;
        var i = 0;
        foreach (var dir in layers.Directories)
        {
            var directory = new DirectoryInfo(dir);
            state[i] = directory.Exists ? directory.LastWriteTimeUtc.Ticks : Absent;
            var skipAbsent = comparable && state[i] != Absent && state[i] == previous!._state[i]
                && previous._takenAt - state[i] >= Settled.Ticks;
            i += 2;
            foreach (var name in names)
            {
                if (skipAbsent && previous!._state[i] == Absent)
                {
                    state[i] = Absent;
                    i += 2;
                    continue;
                }

                var info = new FileInfo(Path.Combine(dir, name));
                if (info.Exists)
                {
                    state[i] = info.Length;
                    state[i + 1] = info.LastWriteTimeUtc.Ticks;
                }
                else
                {
                    state[i] = Absent;
                }

                i += 2;
            }
        }

        return new ControlSnapshot(state, names.Count, takenAt);
    }

    /// <summary>The same files in the same state; the directories' own times are not compared (a file written and removed beside them changes nothing to load).</summary>
    public bool Equals(ControlSnapshot? other)
    {
        // A plain loop: a few dozen numbers, and the generic span comparison would be compiled
        // at run time in a one-message process.
        if (other is null || other._state.Length != _state.Length || other._names != _names)
        {
            return false;
        }

        var perDirectory = 2 + (_names * 2);
        for (var i = 0; i < _state.Length; i++)
        {
            if (i % perDirectory >= 2 && _state[i] != other._state[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the directories' times match too: else the newer snapshot should replace the kept one, so the shortcut works from it.</summary>
    public bool SameDirectories(ControlSnapshot other)
    {
        var perDirectory = 2 + (_names * 2);
        for (var i = 0; i < _state.Length; i += perDirectory)
        {
            if (_state[i] != other._state[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ControlSnapshot);

    public override int GetHashCode() => _state.Length;
}

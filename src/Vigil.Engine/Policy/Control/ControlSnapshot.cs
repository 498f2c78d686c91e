namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The state (present, size, modification time) of every path a profile could read its control
/// files from. Taking one costs one stat per path and reads nothing, so a provider can compare
/// snapshots on every message and reload only when one differs.
/// </summary>
internal sealed class ControlSnapshot : IEquatable<ControlSnapshot>
{
    private readonly long[] _state;

    private ControlSnapshot(long[] state)
    {
        _state = state;
    }

    /// <summary>The state of every policy control file of <paramref name="layers"/>.</summary>
    public static ControlSnapshot Take(ControlLayers layers) => Take(layers, ControlFileNames.AllWithSeedNames);

    /// <summary>The state of the files <paramref name="names"/> in every directory of <paramref name="layers"/>.</summary>
    public static ControlSnapshot Take(ControlLayers layers, IReadOnlyList<string> names)
    {
        var state = new long[layers.Directories.Count * names.Count * 2];
        var i = 0;
        foreach (var dir in layers.Directories)
        {
            foreach (var name in names)
            {
                var info = new FileInfo(Path.Combine(dir, name));
                if (info.Exists)
                {
                    state[i] = info.Length;
                    state[i + 1] = info.LastWriteTimeUtc.Ticks;
                }
                else
                {
                    state[i] = -1;
                }

                i += 2;
            }
        }

        return new ControlSnapshot(state);
    }

    public bool Equals(ControlSnapshot? other)
    {
        // A plain loop: a few dozen numbers, and the generic span comparison would be compiled
        // at run time in a one-message process.
        if (other is null || other._state.Length != _state.Length)
        {
            return false;
        }

        for (var i = 0; i < _state.Length; i++)
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

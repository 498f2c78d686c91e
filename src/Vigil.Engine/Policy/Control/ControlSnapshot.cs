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

    public static ControlSnapshot Take(ControlLayers layers)
    {
        var names = ControlFileNames.All;
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

    public bool Equals(ControlSnapshot? other) => other is not null && _state.AsSpan().SequenceEqual(other._state);

    public override bool Equals(object? obj) => Equals(obj as ControlSnapshot);

    public override int GetHashCode() => _state.Length;
}

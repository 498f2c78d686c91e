using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;
using Vigil.Store.Location;
using Vigil.Store.Quarantine;
using Vigil.Store.Writing;

namespace Vigil.Doors;

/// <summary>
/// The store as a per-process door uses it: given to the gateway as its observer before the
/// control directory is read, then pointed at the store `store=` / VIGIL_STORE names
/// (<see cref="Open"/>). Rows go straight to SQLite from a background task with a busy timeout,
/// while the door goes on; <see cref="CompleteAsync"/> waits for them a bounded time once the
/// door's answer is decided, and what is not written by then goes to the spill log. A store that
/// is off, misnamed or not writable never changes what happens to the mail: it is said on stderr.
/// </summary>
public sealed class DoorStore : IOutcomeObserver
{
    /// <summary>How long a door waits for a database another process holds locked.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a door waits at its end for its rows to be written.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private StoreWriter? _writer;

    /// <summary>The store the rows go to once <see cref="Open"/> found one; null while none.</summary>
    public StoreLocation? Location { get; private set; }

    public void Open(PolicyOptions options, TextWriter warnings)
    {
        var location = StoreLocation.Resolve(options, Environment.GetEnvironmentVariable(StoreLocation.Variable), out var error);
        if (error is not null)
        {
            warnings.WriteLine($"vigil: {error}; nothing is stored");
        }

        if (location is not null)
        {
            // A PostgreSQL store also takes a copy of what this door quarantines (any node releases it).
            var quarantine = location.IsPostgres && QuarantineLimits.TryGetMaxBytes(options, out var max, out _)
                ? new ReleaseService(new QuarantineStore(QuarantineOptions.Root(options)), location, NodeName.Current, max)
                : null;
            _writer = new StoreWriter(location, warnings, BusyTimeout, quarantine: quarantine);
            Location = location;
        }
    }

    public void Observe(OutcomeReport report) => _writer?.Observe(report);

    public Task CompleteAsync() => _writer?.CompleteAsync(Deadline) ?? Task.CompletedTask;
}

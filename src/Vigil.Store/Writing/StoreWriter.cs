using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Vigil.Engine.Gateway;
using Vigil.Store.Location;
using Vigil.Store.Model;
using Vigil.Store.Sqlite;

namespace Vigil.Store.Writing;

/// <summary>
/// The store as the engine's observer: <see cref="Observe"/> only puts rows into a bounded queue
/// and returns, so mail never waits on the database. One background task opens the store at once
/// (before the first row) and writes what has come in batches, one transaction each. A row that finds the
/// queue full, or that the database will not take (not writable, locked past the busy timeout),
/// goes to the spill log instead (<see cref="SpillLog"/>, re-imported by `vigil store import`)
/// and is counted in <see cref="Spilled"/>.
/// </summary>
public sealed class StoreWriter : IOutcomeObserver, IAsyncDisposable
{
    public const int DefaultCapacity = 10_000;

    public const int BatchSize = 500;

    /// <summary>How long after a failed open or insert the writer tries a new connection.</summary>
    private const long ReopenAfterMs = 5_000;

    private readonly StoreLocation _location;
    private readonly TextWriter? _warnings;
    private readonly TimeSpan _busyTimeout;
    private readonly Channel<StoreRow> _queue;
    private readonly SpillLog _spill;
    private readonly Task _loop;
    private readonly object _inFlightLock = new();
    private List<StoreRow>? _inFlight;
    private long _written;
    private long _spilled;
    private int _warned;

    private readonly Quarantine.ReleaseService? _quarantine;

    /// <summary>
    /// A writer for <paramref name="location"/>; with <paramref name="quarantine"/> (a PostgreSQL
    /// store), each message a written row says was quarantined is copied from its file into the
    /// shared quarantine right after its rows (what is not, for a door that ends first or a
    /// database that is down, <see cref="Quarantine.QuarantineSync"/> adds later).
    /// </summary>
    public StoreWriter(StoreLocation location, TextWriter? warnings, TimeSpan busyTimeout, int capacity = DefaultCapacity, Quarantine.ReleaseService? quarantine = null)
    {
        _location = location;
        _quarantine = location.IsPostgres ? quarantine : null;
        _warnings = warnings;
        _busyTimeout = busyTimeout;
        _queue = Channel.CreateBounded<StoreRow>(new BoundedChannelOptions(capacity) { SingleWriter = false, SingleReader = false, FullMode = BoundedChannelFullMode.Wait });
        _spill = new SpillLog(location.SpillPath, warnings);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rows written to the database so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Rows that went to the spill log (queue full, database unavailable).</summary>
    public long Spilled => Interlocked.Read(ref _spilled);

    public void Observe(OutcomeReport report)
    {
        foreach (var row in StoreRows.From(report))
        {
            if (!_queue.Writer.TryWrite(row))
            {
                Spill([row], "the store's queue is full");
            }
        }
    }

    /// <summary>
    /// Writes what is queued, waiting at most <paramref name="deadline"/>; whatever is still not
    /// written then goes to the spill log. A door calls this once, after its answer is decided.
    /// </summary>
    public async Task CompleteAsync(TimeSpan deadline)
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(deadline)).ConfigureAwait(false) != _loop)
        {
            List<StoreRow> left;
            lock (_inFlightLock)
            {
                left = _inFlight is null ? [] : [.. _inFlight];
                _inFlight = null;
            }

            while (_queue.Reader.TryRead(out var row))
            {
                left.Add(row);
            }

            // A batch the database may still commit is spilled as well: importing it later adds
            // nothing twice (same message key and recipient).
            Spill(left, $"the store did not finish within {deadline.TotalSeconds:0.#} s");
        }

        // Whatever the writer left (it never stops early, but rows must not vanish if it did).
        var rest = new List<StoreRow>();
        while (_queue.Reader.TryRead(out var row))
        {
            rest.Add(row);
        }

        Spill(rest, "the store's writer stopped");
        if (Spilled > 0)
        {
            Warn($"vigil: store: {Spilled} row(s) went to {_spill.Where} instead of {_location.Name}; `vigil store import {_location.SpillPath}` adds them");
        }
    }

    public async ValueTask DisposeAsync() => await CompleteAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

    private async Task RunAsync()
    {
        IMessageStore? store = null;
        string? openError = null;
        try
        {
            // Opened before the first row comes: a door's store is ready by the time its message is
            // judged, so the door's end waits only for the insert.
            store = TryOpen(out openError);
            var lastOpen = Environment.TickCount64;
            var batch = new List<StoreRow>(BatchSize);
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var row))
                {
                    batch.Add(row);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                // A resident writer (vigil serve) outlives a database restart: a store that could
                // not be opened, or failed, is opened again after a pause; until then rows spill.
                if (store is null && Environment.TickCount64 - lastOpen >= ReopenAfterMs)
                {
                    lastOpen = Environment.TickCount64;
                    store = TryOpen(out openError);
                }

                if (store is null)
                {
                    Spill(batch, openError!);
                    continue;
                }

                lock (_inFlightLock)
                {
                    _inFlight = batch;
                }

                try
                {
                    store.Insert(batch);
                    Interlocked.Add(ref _written, batch.Count);
                    lock (_inFlightLock)
                    {
                        _inFlight = null;
                    }

                    CopyQuarantined(store, batch);
                }
                catch (Exception e)
                {
                    List<StoreRow>? mine;
                    lock (_inFlightLock)
                    {
                        mine = _inFlight;
                        _inFlight = null;
                    }

                    var why = $"store {_location.Name}: {(e is SqliteException or Npgsql.NpgsqlException ? "" : e.GetType().Name + ": ")}{e.Message}";
                    if (mine is not null)
                    {
                        Spill(mine, why);
                    }

                    // The connection may be gone for good (a server restart): open a new one later.
                    store.Dispose();
                    store = null;
                    openError = why;
                    lastOpen = Environment.TickCount64;
                }
            }
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <summary>The quarantined messages of <paramref name="batch"/> into the shared quarantine; a failure leaves them to the sync.</summary>
    private void CopyQuarantined(IMessageStore store, List<StoreRow> batch)
    {
        if (_quarantine is null || store is not Postgres.PostgresStore pg)
        {
            return;
        }

        string? last = null;
        foreach (var row in batch)
        {
            if (row.QuarantineId is not { } id || id == last)
            {
                continue;
            }

            last = id;
            try
            {
                Quarantine.QuarantineSync.AddOne(_quarantine, pg.Connection, id);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or UnauthorizedAccessException)
            {
                Warn($"vigil: store: quarantined message {id} not copied to {_location.Name} ({e.Message}); `vigil store sync` copies it");
            }
        }
    }

    private IMessageStore? TryOpen(out string? error)
    {
        try
        {
            return _location.Open(_busyTimeout, create: true, out error);
        }
        catch (Exception e)
        {
            // Not only SQLite's own errors: a missing native library (libe_sqlite3.so not beside
            // the binary) fails here too, and must spill, not lose, the rows.
            error = $"store {_location.Name}: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    private void Spill(IReadOnlyList<StoreRow> rows, string why)
    {
        if (rows.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _spilled, rows.Count);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Warn($"vigil: store: {why}; rows go to {_spill.Where}");
        }

        _spill.Write(rows);
    }

    private void Warn(string line)
    {
        try
        {
            _warnings?.WriteLine(line);
        }
        catch (IOException)
        {
            // Nowhere left to say it; the mail goes on.
        }
    }
}

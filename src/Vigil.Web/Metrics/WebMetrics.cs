namespace Vigil.Web.Hosting;

/// <summary>The dashboard's own counters since it started, for /metrics.</summary>
public sealed class WebMetrics
{
    private long _loginsOk;
    private long _loginsFailed;
    private long _loginsThrottled;
    private long _releasesDone;
    private long _releasesRefused;
    private long _deletesDone;
    private long _deletesRefused;
    private long _forgeryRefused;

    public long LoginsOk => Interlocked.Read(ref _loginsOk);

    public long LoginsFailed => Interlocked.Read(ref _loginsFailed);

    public long LoginsThrottled => Interlocked.Read(ref _loginsThrottled);

    public long ReleasesDone => Interlocked.Read(ref _releasesDone);

    public long ReleasesRefused => Interlocked.Read(ref _releasesRefused);

    public long DeletesDone => Interlocked.Read(ref _deletesDone);

    public long DeletesRefused => Interlocked.Read(ref _deletesRefused);

    public long ForgeryRefused => Interlocked.Read(ref _forgeryRefused);

    public void Login(bool ok) => Interlocked.Increment(ref ok ? ref _loginsOk : ref _loginsFailed);

    public void Throttled() => Interlocked.Increment(ref _loginsThrottled);

    public void Released(bool done) => Interlocked.Increment(ref done ? ref _releasesDone : ref _releasesRefused);

    public void Deleted(bool done) => Interlocked.Increment(ref done ? ref _deletesDone : ref _deletesRefused);

    public void Forgery() => Interlocked.Increment(ref _forgeryRefused);
}

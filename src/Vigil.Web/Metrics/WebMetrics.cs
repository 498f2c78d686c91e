namespace Vigil.Web.Hosting;

/// <summary>The dashboard's own counters since it started, for /metrics.</summary>
public sealed class WebMetrics
{
    private long _loginsOk;
    private long _loginsFailed;
    private long _loginsThrottled;
    private long _releasesDone;
    private long _releasesRefused;
    private long _requestsMade;
    private long _requestsRefused;
    private long _deletesDone;
    private long _deletesRefused;
    private long _forgeryRefused;

    public long LoginsOk => Interlocked.Read(ref _loginsOk);

    public long LoginsFailed => Interlocked.Read(ref _loginsFailed);

    public long LoginsThrottled => Interlocked.Read(ref _loginsThrottled);

    public long ReleasesDone => Interlocked.Read(ref _releasesDone);

    public long ReleasesRefused => Interlocked.Read(ref _releasesRefused);

    /// <summary>Release requests recorded for another node to carry out (its message kept only there): not releases, none sent yet.</summary>
    public long RequestsMade => Interlocked.Read(ref _requestsMade);

    /// <summary>Release requests refused because one was already waiting for that node.</summary>
    public long RequestsRefused => Interlocked.Read(ref _requestsRefused);

    public long DeletesDone => Interlocked.Read(ref _deletesDone);

    public long DeletesRefused => Interlocked.Read(ref _deletesRefused);

    public long ForgeryRefused => Interlocked.Read(ref _forgeryRefused);

    public void Login(bool ok) => Interlocked.Increment(ref ok ? ref _loginsOk : ref _loginsFailed);

    public void Throttled() => Interlocked.Increment(ref _loginsThrottled);

    public void Released(bool done) => Interlocked.Increment(ref done ? ref _releasesDone : ref _releasesRefused);

    public void Requested(bool made) => Interlocked.Increment(ref made ? ref _requestsMade : ref _requestsRefused);

    public void Deleted(bool done) => Interlocked.Increment(ref done ? ref _deletesDone : ref _deletesRefused);

    public void Forgery() => Interlocked.Increment(ref _forgeryRefused);
}

using System.Globalization;
using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Runs clamd over a message: the decoded leaves first (so a virus is named with the part it is
/// in), then the raw message. Requests go through a <see cref="ClamdEndpointSet"/> (round-robin,
/// failover, a connection limit). A part larger than <c>maxsize</c> is not sent: it gets a
/// `limits` finding (unscannable, never clean), as clamd's own StreamMaxLength refusal does.
/// The raw message may be sent before the analysis is done (<see cref="StartRawScan"/>), so clamd
/// scans it while the parser works.
/// </summary>
public sealed class ClamdScanner : IRawPrefetchScanner, IScannerHealthCheck
{
    private readonly ClamdEndpointSet _endpoints;
    private readonly ClamdScanMode _mode;
    private readonly long _maxSize;

    public ClamdScanner(ClamdClient client, ClamdScanMode mode = ClamdScanMode.Both)
        : this(new ClamdEndpointSet([client]), mode)
    {
    }

    /// <param name="maxSize">Largest part or raw message sent, in bytes; 0 for no limit of our own.</param>
    public ClamdScanner(ClamdEndpointSet endpoints, ClamdScanMode mode = ClamdScanMode.Both, long maxSize = 0)
    {
        _endpoints = endpoints;
        _mode = mode;
        _maxSize = maxSize;
    }

    public string Name => "clamd " + _endpoints;

    /// <summary>The first endpoint's client.</summary>
    public ClamdClient Client => _endpoints.Clients[0];

    public ClamdEndpointSet Endpoints => _endpoints;

    public ClamdScanMode Mode => _mode;

    public long MaxSize => _maxSize;

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation) =>
        ScanAsync(analysis, raw, static _ => true, cancellation);

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, CancellationToken cancellation) =>
        ScanPartsThenRawAsync(analysis, raw, include, null, cancellation);

    public bool ScansRaw => _mode != ClamdScanMode.Entities;

    /// <summary>The raw message alone: its `limits` finding over maxsize, else clamd's verdict on it.</summary>
    public async Task<IReadOnlyList<Finding>> StartRawScan(ContentSpool raw, CancellationToken cancellation)
    {
        var findings = new List<Finding>(1);
        if (!OverMaxSize(findings, raw.Length, "", "raw message"))
        {
            var result = await _endpoints.ScanAsync(raw.OpenRead, cancellation).ConfigureAwait(false);
            ClamdFindings.Add(findings, result, "", "raw message", raw.Length);
        }

        return findings;
    }

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, Task<IReadOnlyList<Finding>> rawScan, CancellationToken cancellation) =>
        ScanPartsThenRawAsync(analysis, raw, include, rawScan, cancellation);

    /// <param name="rawScan">The raw message's scan when already started; null to send it after the parts.</param>
    private async Task<IReadOnlyList<Finding>> ScanPartsThenRawAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, Task<IReadOnlyList<Finding>>? rawScan, CancellationToken cancellation)
    {
        var findings = new List<Finding>();
        if (_mode != ClamdScanMode.Raw)
        {
            foreach (var entity in analysis.Entities)
            {
                if (!NeedsOwnScan(entity) || !include(entity))
                {
                    continue;
                }

                if (OverMaxSize(findings, entity.Size, entity.Path, ScannedParts.Describe(entity)))
                {
                    continue;
                }

                var result = await _endpoints.ScanAsync(entity.Content!.OpenRead, cancellation).ConfigureAwait(false);
                if (!ClamdFindings.Add(findings, result, entity.Path, ScannedParts.Describe(entity), entity.Size))
                {
                    // clamd failed: the message gets an error finding and is not called clean; more
                    // requests would only wait out the same outage.
                    return findings;
                }
            }
        }

        if (_mode == ClamdScanMode.Entities)
        {
            return findings;
        }

        var rawFindings = await (rawScan ?? StartRawScan(raw, cancellation)).WaitAsync(cancellation).ConfigureAwait(false);
        foreach (var f in rawFindings)
        {
            // The same signature already named with its part says more than "somewhere in the message".
            if (f.Rule.StartsWith("clamd:", StringComparison.Ordinal) || !findings.Exists(e => e.Rule == f.Rule))
            {
                findings.Add(f);
            }
        }

        return findings;
    }

    /// <summary>PING and VERSION on every endpoint.</summary>
    public async Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation)
    {
        var health = new List<ScannerHealth>(_endpoints.Clients.Count);
        foreach (var client in _endpoints.Clients)
        {
            var target = client.Address.ToString();
            var ping = await client.PingAsync(cancellation).ConfigureAwait(false);
            if (!ping.Ok)
            {
                health.Add(new ScannerHealth(target, false, null, null, ping.Text));
                continue;
            }

            var version = await client.VersionAsync(cancellation).ConfigureAwait(false);
            if (!version.Ok)
            {
                health.Add(new ScannerHealth(target, true, null, null, version.Text));
                continue;
            }

            var (engine, signatures) = ClamdVersion.Split(version.Text);
            health.Add(new ScannerHealth(target, true, engine, signatures, version.Text));
        }

        return health;
    }

    /// <summary>True (with a `limits` finding) when <paramref name="size"/> is above <c>maxsize</c>.</summary>
    private bool OverMaxSize(List<Finding> findings, long size, string partPath, string what)
    {
        if (_maxSize <= 0 || size <= _maxSize)
        {
            return false;
        }

        findings.Add(new Finding(
            FindingCategory.Limits,
            ClamdFindings.SizeLimitRule,
            $"{what}: {size.ToString(CultureInfo.InvariantCulture)} bytes, over maxsize={_maxSize.ToString(CultureInfo.InvariantCulture)}; not scanned",
            partPath));
        return true;
    }

    /// <summary>
    /// True when the leaf must be sent on its own: always in Entities mode; in Both mode unless it
    /// is a plain text part clamd reads as it is in the raw message (no transfer encoding on it or
    /// anything around it, no file name).
    /// </summary>
    private bool NeedsOwnScan(Entity entity)
    {
        if (entity.Content is null || entity.Content.Length == 0)
        {
            return false;
        }

        return _mode == ClamdScanMode.Entities || !ScannedParts.IsVerbatimPlainText(entity);
    }

}

using Vigil.Engine.Analysis;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Runs one clamd over a message: the decoded leaves first (so a virus is named with the part it
/// is in), then the raw message. Requests go one after another on fresh connections; concurrency,
/// a connection pool and failover between endpoints are later work (issue 4).
/// </summary>
public sealed class ClamdScanner : IContentScanner
{
    private readonly ClamdClient _client;
    private readonly ClamdScanMode _mode;

    public ClamdScanner(ClamdClient client, ClamdScanMode mode = ClamdScanMode.Both)
    {
        _client = client;
        _mode = mode;
    }

    public string Name => "clamd " + _client.Address;

    public ClamdClient Client => _client;

    public async Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        var findings = new List<Finding>();
        if (_mode != ClamdScanMode.Raw)
        {
            foreach (var entity in analysis.Entities)
            {
                if (!NeedsOwnScan(entity))
                {
                    continue;
                }

                ClamdResult result;
                using (var content = entity.Content!.OpenRead())
                {
                    result = await _client.ScanStreamAsync(content, cancellation).ConfigureAwait(false);
                }

                if (!ClamdFindings.Add(findings, result, entity.Path, Describe(entity), entity.Size))
                {
                    // clamd failed: the message gets an error finding and is not called clean; more
                    // requests would only wait out the same outage.
                    return findings;
                }
            }
        }

        if (_mode != ClamdScanMode.Entities)
        {
            ClamdResult result;
            using (var content = raw.OpenRead())
            {
                result = await _client.ScanStreamAsync(content, cancellation).ConfigureAwait(false);
            }

            // The same signature already named with its part says more than "somewhere in the message".
            if (result.Signature is not { } name || !findings.Exists(f => f.Rule == name))
            {
                ClamdFindings.Add(findings, result, "", "raw message", raw.Length);
            }
        }

        return findings;
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

        return _mode == ClamdScanMode.Entities || !(IsPlainText(entity) && IsVerbatimInRaw(entity));
    }

    private static bool IsPlainText(Entity entity) =>
        entity.FileName is null && (entity.DeclaredType is null || entity.DeclaredType.StartsWith("text/", StringComparison.Ordinal));

    private static bool IsVerbatimInRaw(Entity entity)
    {
        for (var e = entity; e is not null; e = e.Parent)
        {
            if (e.Source is not (EntitySource.Message or EntitySource.MimePart))
            {
                return false;
            }

            if (e.TransferEncoding is not (null or "7bit" or "8bit" or "binary"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the finding's detail names: the file name, else the kind of part.</summary>
    private static string Describe(Entity entity) => entity.FileName ?? entity.Source switch
    {
        EntitySource.MimePart or EntitySource.Message => entity.DeclaredType ?? "text/plain",
        _ => entity.Source.ToString().ToLowerInvariant() + " content",
    };
}

using System.Diagnostics;

namespace Vigil.Mime.Limits;

/// <summary>
/// The running account of one message's analysis against its <see cref="AnalysisLimits"/>.
/// Every decoder, extractor and archive reader draws from the same budget, so no combination of
/// nesting tricks can multiply the work. Not thread-safe: one analysis runs on one thread.
/// </summary>
public sealed class AnalysisBudget
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly List<LimitHit> _hits = [];
    private readonly HashSet<(string Limit, string PartPath)> _hitKeys = [];

    // The message-wide limits (parts, time, decoded and archive bytes) are recorded once: once one
    // is spent, every later part would hit it again, and a 14,564-part message gave 4,565 identical
    // findings (and the per-hit work that goes with them) instead of one.
    private readonly HashSet<string> _messageWideHits = [];
    private readonly CancellationToken _cancellation;
    private long _decodedBytes;
    private long _archiveExpandedBytes;
    private int _parts;

    public AnalysisBudget(AnalysisLimits limits, CancellationToken cancellation = default)
    {
        Limits = limits;
        _cancellation = cancellation;
    }

    public AnalysisLimits Limits { get; }

    public IReadOnlyList<LimitHit> Hits => _hits;

    public long DecodedBytes => _decodedBytes;

    public long ArchiveExpandedBytes => _archiveExpandedBytes;

    public int Parts => _parts;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>True once the time limit has passed or the caller cancelled; every loop checks it.</summary>
    public bool IsExhausted => _cancellation.IsCancellationRequested || Elapsed > Limits.MaxAnalysisTime;

    /// <summary>Records the time limit once, at the place where it was noticed.</summary>
    public bool CheckTime(string partPath)
    {
        if (!IsExhausted)
        {
            return true;
        }

        HitOnce(LimitNames.AnalysisTime, partPath, $"analysis stopped after {Elapsed.TotalSeconds:0.0} s");
        return false;
    }

    /// <summary>Counts one more entity; false (and a recorded hit) when the part limit is reached.</summary>
    public bool TryAddPart(string partPath)
    {
        if (_parts >= Limits.MaxParts)
        {
            HitOnce(LimitNames.Parts, partPath, $"more than {Limits.MaxParts} parts");
            return false;
        }

        _parts++;
        return true;
    }

    /// <summary>Draws decoded bytes; false (and a recorded hit) when the message's budget is spent.</summary>
    public bool TryAddDecoded(long bytes, string partPath)
    {
        if (_decodedBytes + bytes > Limits.MaxDecodedBytes)
        {
            _decodedBytes = Limits.MaxDecodedBytes;
            HitOnce(LimitNames.DecodedBytes, partPath, $"more than {Limits.MaxDecodedBytes} decoded bytes");
            return false;
        }

        _decodedBytes += bytes;
        return true;
    }

    /// <summary>Draws bytes expanded from archives (counted apart from MIME decoding).</summary>
    public bool TryAddArchiveExpanded(long bytes, string partPath)
    {
        if (_archiveExpandedBytes + bytes > Limits.MaxArchiveExpandedBytes)
        {
            _archiveExpandedBytes = Limits.MaxArchiveExpandedBytes;
            HitOnce(LimitNames.ArchiveExpandedBytes, partPath, $"more than {Limits.MaxArchiveExpandedBytes} bytes expanded from archives");
            return false;
        }

        _archiveExpandedBytes += bytes;
        return true;
    }

    /// <summary>Records a limit; the same limit is recorded once per part path.</summary>
    public void Hit(string limit, string partPath, string detail)
    {
        if (!_hitKeys.Add((limit, partPath)))
        {
            return;
        }

        _hits.Add(new LimitHit(limit, partPath, detail));
    }

    /// <summary>
    /// Forgets the limits reached from hit <paramref name="index"/> on: those of an extra reading
    /// of the message (the innermost-boundary one), which may stop early without that being a
    /// verdict on the mail; the first reading's hits stay.
    /// </summary>
    public void ForgetHitsFrom(int index)
    {
        for (var i = _hits.Count - 1; i >= index; i--)
        {
            _hitKeys.Remove((_hits[i].Limit, _hits[i].PartPath));
            _messageWideHits.Remove(_hits[i].Limit);
            _hits.RemoveAt(i);
        }
    }

    /// <summary>Records a message-wide limit at the first part that reached it, and never again.</summary>
    private void HitOnce(string limit, string partPath, string detail)
    {
        if (_messageWideHits.Add(limit))
        {
            Hit(limit, partPath, detail);
        }
    }
}

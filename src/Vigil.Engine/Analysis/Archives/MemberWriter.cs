using System.Buffers;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Adds the members of one archive as children of its entity, charging each to the message's
/// budget: one part per member, the per-archive entry limit, and every expanded byte, with a
/// per-member expansion ratio check against zip bombs.
/// </summary>
internal sealed class MemberWriter
{
    /// <summary>
    /// Output below this size is never judged by ratio: tiny files (a page of zeros) legitimately
    /// compress a thousandfold and are harmless.
    /// </summary>
    public const long RatioFloorBytes = 1024 * 1024;

    private const int CopyBufferSize = 64 * 1024;

    private readonly Entity _archive;
    private readonly AnalysisContext _context;
    private bool _expandedBudgetSpent;
    private long _archiveWritten;

    public MemberWriter(Entity archive, AnalysisContext context)
    {
        _archive = archive;
        _context = context;
    }

    /// <summary>Members added so far.</summary>
    public int Count { get; private set; }

    /// <summary>True once a limit says this archive must not list any more members.</summary>
    public bool Stopped { get; private set; }

    /// <summary>
    /// Adds a member named <paramref name="entryPath"/> (null or empty: numbered), or returns null
    /// (and sets <see cref="Stopped"/>) when a limit is reached.
    /// </summary>
    public Entity? Add(string? entryPath, NameSource source)
    {
        if (Stopped)
        {
            return null;
        }

        if (!_context.Budget.CheckTime(_archive.Path))
        {
            Stopped = true;
            return null;
        }

        if (Count >= _context.Limits.MaxArchiveEntries)
        {
            _context.Budget.Hit(LimitNames.ArchiveEntries, _archive.Path, $"more than {_context.Limits.MaxArchiveEntries} entries in one archive");
            Stopped = true;
            return null;
        }

        var path = _archive.MemberPath(entryPath, Count + 1);
        if (!_context.Budget.TryAddPart(path))
        {
            Stopped = true;
            return null;
        }

        Count++;
        var child = _archive.AddChild(path, EntitySource.Archive);
        if (!string.IsNullOrEmpty(entryPath))
        {
            child.AddName(EntryNames.Candidate(entryPath, source));
        }

        return child;
    }

    /// <summary>
    /// Spools what <paramref name="source"/> yields as the member's content, drawing every chunk
    /// from the budget. Stops (keeping what was written) when the budget is spent or the member
    /// expands more than the ratio limit allows. A <paramref name="compressedSize"/> of 0 means
    /// the member's own size is unknown (a solid archive): then the ratio is judged over the
    /// whole archive, all its members' output against its size. Returns true when the source was
    /// read to its end. Decompression errors propagate to the caller, which reports the archive
    /// or member unreadable.
    /// </summary>
    public bool CopyContent(Entity child, Stream source, long compressedSize)
    {
        if (_expandedBudgetSpent || Stopped)
        {
            return false;
        }

        var spool = _context.NewSpool();
        child.Content = spool;
        var ratio = _context.Limits.MaxExpansionRatio;
        var wholeArchive = compressedSize <= 0;
        var judged = wholeArchive ? Math.Max(_archive.Size, 1) : compressedSize;
        var ratioCap = ratio * judged;
        var before = wholeArchive ? _archiveWritten : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long written = 0;
            while (true)
            {
                if (!_context.Budget.CheckTime(child.Path))
                {
                    Stopped = true;
                    return false;
                }

                var n = source.Read(buffer, 0, CopyBufferSize);
                if (n == 0)
                {
                    return true;
                }

                var after = written + n;
                if (before + after > RatioFloorBytes && before + after > ratioCap)
                {
                    _context.Budget.Hit(
                        LimitNames.ExpansionRatio,
                        child.Path,
                        $"expands more than {ratio}:1 ({judged} compressed bytes gave over {before + written} bytes)");
                    return false;
                }

                if (!_context.Budget.TryAddArchiveExpanded(n, child.Path))
                {
                    // Later members are still listed (their names matter to policy), without content.
                    _expandedBudgetSpent = true;
                    return false;
                }

                spool.Write(buffer.AsSpan(0, n));
                written = after;
                _archiveWritten += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

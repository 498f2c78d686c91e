using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Decompresses the zip members whose method the BCL lacks (deflate64, bzip2, lzma, ppmd,
/// implode, shrink, xz, zstd) through SharpCompress. Vigil's own reader stays the one that lists
/// the zip (names from every header, hidden local entries, encryption), so this only supplies
/// content: the library's entry at the same central-directory position is used when its sizes
/// agree with what Vigil read there; otherwise the member stays unreadable.
/// </summary>
internal sealed class ZipLibraryMembers(Stream stream, MemberWriter writer, AnalysisContext context)
{
    /// <summary>A listed member still without content, and where the central directory had it (-1: local header only).</summary>
    public readonly record struct Pending(Entity Child, ZipEntry Entry, int DirectoryIndex);

    public void Expand(IReadOnlyList<Pending> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var filled = new HashSet<Entity>();
        try
        {
            if (pending.Any(p => p.DirectoryIndex >= 0))
            {
                Fill(pending, filled);
            }
        }
        catch (Exception e) when (LibraryArchiveReader.IsLibraryFailure(e))
        {
            // The library could not even list this zip; what it had not filled stays unreadable below.
            context.Report(ArchiveAnomalies.Broken, pending[0].Child.Parent?.Path ?? "", $"zip not readable by the library: {e.Message}");
        }

        foreach (var (child, entry, _) in pending)
        {
            if (!filled.Contains(child))
            {
                ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.UnsupportedMethod, $"compression method {entry.Method} ({ZipEntry.MethodName(entry.Method)}) not decompressed");
            }
        }
    }

    private void Fill(IReadOnlyList<Pending> pending, HashSet<Entity> filled)
    {
        stream.Position = 0;
        using var zip = ZipArchive.OpenArchive(stream, new ReaderOptions { LeaveStreamOpen = true });
        var wanted = pending.Where(p => p.DirectoryIndex >= 0).ToDictionary(p => p.DirectoryIndex);
        var index = 0;
        foreach (var entry in zip.Entries)
        {
            if (writer.Stopped || wanted.Count == filled.Count)
            {
                return;
            }

            if (wanted.TryGetValue(index++, out var member)
                && !entry.IsEncrypted
                && entry.Size == member.Entry.UncompressedSize
                && entry.CompressedSize == member.Entry.CompressedSize)
            {
                try
                {
                    using var content = entry.OpenEntryStream();
                    writer.CopyContent(member.Child, content, member.Entry.CompressedSize);
                    filled.Add(member.Child);
                }
                catch (Exception e) when (LibraryArchiveReader.IsLibraryFailure(e))
                {
                    ArchiveFaults.Unreadable(context, member.Child, ArchiveAnomalies.Broken, $"{ZipEntry.MethodName(member.Entry.Method)} data unreadable: {e.Message}");
                    filled.Add(member.Child);
                }
            }
        }
    }
}

using SharpCompress.Archives;
using SharpCompress.Archives.Rar;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Common;
using SharpCompress.Readers;
using SharpCompress.Readers.Ace;
using SharpCompress.Readers.Arc;
using SharpCompress.Readers.Arj;
using SharpCompress.Readers.Rar;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Expands the multi-file formats Vigil does not parse itself (rar 4 and 5, 7z, arj, ace, arc)
/// through SharpCompress, member by member in archive order (solid archives are decoded once,
/// front to back). The format is the one <see cref="ArchiveSniffer"/> named, opened with that
/// format's own reader: the library never guesses again, so detection and expansion agree.
/// Encrypted headers or members become encrypted entities; anything the library cannot read (a
/// method it lacks, damage, any exception it throws on hostile bytes) marks the archive or the
/// member unreadable. Nothing read here is ever written to disk under its stored name.
/// </summary>
internal sealed class LibraryArchiveReader(Entity archive, Stream stream, ArchiveFormat format, MemberWriter writer, AnalysisContext context)
{
    public void Read()
    {
        var options = new ReaderOptions { LeaveStreamOpen = true, LookForHeader = false };
        stream.Position = 0;
        try
        {
            if (format is ArchiveFormat.SevenZip or ArchiveFormat.Rar4 or ArchiveFormat.Rar5 && ListEncryptedMembers(options))
            {
                return;
            }

            stream.Position = 0;
            if (format == ArchiveFormat.SevenZip)
            {
                // 7z keeps its directory at the end, so it is opened as a seekable archive and then walked in order.
                using var sevenZip = SevenZipArchive.OpenArchive(stream, options);
                using var reader = sevenZip.ExtractAllEntries();
                ReadEntries(reader);
            }
            else
            {
                using var reader = OpenReader(options);
                ReadEntries(reader);
            }
        }
        catch (CryptographicException e)
        {
            ArchiveFaults.Encrypted(context, archive, $"{ArchiveExpander.Describe(format)} archive encrypted: {e.Message}");
        }
        catch (Exception e) when (IsLibraryFailure(e))
        {
            // Members read before the failure stay; the rest of the archive went unchecked.
            ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"{ArchiveExpander.Describe(format)} unreadable: {Describe(e)}");
        }
    }

    /// <summary>
    /// Rar and 7z with encrypted members but readable headers: the library's archive view lists
    /// them (its sequential reader stops at the first), so each is added by name, encrypted, and
    /// its name goes through the file-name checks: an .exe in a password-protected rar is still an
    /// .exe. True when the archive had encrypted members and was handled here.
    /// </summary>
    private bool ListEncryptedMembers(ReaderOptions options)
    {
        using IArchive listing = format == ArchiveFormat.SevenZip ? SevenZipArchive.OpenArchive(stream, options) : RarArchive.OpenArchive(stream, options);
        var entries = listing.Entries.Where(e => !e.IsDirectory).Take(context.Limits.MaxArchiveEntries + 1).ToList();
        if (!entries.Any(e => e.IsEncrypted))
        {
            return false;
        }

        foreach (var entry in entries)
        {
            var child = writer.Add(entry.Key, NameSource.ArchiveEntry);
            if (child is null)
            {
                break;
            }

            if (entry.Size >= 0)
            {
                child.DeclaredSize = entry.Size;
            }

            // One encrypted member is enough to leave the rest unread as well: they share the password.
            ArchiveFaults.Encrypted(context, child, $"encrypted {ArchiveExpander.Describe(format)} member: content not checked");
        }

        return true;
    }

    /// <summary>
    /// Any exception the library throws on bytes it cannot read. Its decoders are large and
    /// written for files a user chose, so hostile input can surface as index, cast or format
    /// errors; all of them mean "this content was not checked", none may stop the message.
    /// </summary>
    internal static bool IsLibraryFailure(Exception e) =>
        e is not (OutOfMemoryException or OperationCanceledException or StackOverflowException);

    private IReader OpenReader(ReaderOptions options) => format switch
    {
        ArchiveFormat.Rar4 or ArchiveFormat.Rar5 => RarReader.OpenReader(stream, options),
        ArchiveFormat.Arj => ArjReader.OpenReader(stream, options),
        ArchiveFormat.Ace => AceReader.OpenReader(stream, options),
        ArchiveFormat.Arc => ArcReader.OpenReader(stream, options),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a library-read archive"),
    };

    private void ReadEntries(IReader reader)
    {
        while (!writer.Stopped && reader.MoveToNextEntry())
        {
            var entry = reader.Entry;
            if (entry.IsDirectory)
            {
                continue;
            }

            var child = writer.Add(entry.Key, NameSource.ArchiveEntry);
            if (child is null)
            {
                return;
            }

            if (entry.Size >= 0)
            {
                child.DeclaredSize = entry.Size;
            }

            if (entry.IsEncrypted)
            {
                ArchiveFaults.Encrypted(context, child, $"encrypted {ArchiveExpander.Describe(format)} member: content not checked");
                continue;
            }

            ReadMember(reader, entry, child);
        }
    }

    private void ReadMember(IReader reader, IEntry entry, Entity child)
    {
        // In a solid archive one compressed stream holds every member, so a member's own
        // compressed size says nothing: the writer then judges the ratio over the whole archive.
        var compressed = entry.IsSolid || entry.CompressedSize <= 0 ? 0 : entry.CompressedSize;
        try
        {
            using var content = reader.OpenEntryStream();
            var complete = writer.CopyContent(child, content, compressed);
            if (complete && entry.Size > 0 && child.Size != entry.Size)
            {
                ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, $"declared size {entry.Size}, expanded to {child.Size}");
            }
        }
        catch (CryptographicException e)
        {
            ArchiveFaults.Encrypted(context, child, $"encrypted {ArchiveExpander.Describe(format)} member: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.UnsupportedMethod, $"{entry.CompressionType} not decompressed: {e.Message}");
        }
        catch (Exception e) when (IsLibraryFailure(e))
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, $"member unreadable: {Describe(e)}");
        }
    }

    private static string Describe(Exception e) =>
        e.Message.Length > 0 && !e.Message.StartsWith("Exception of type", StringComparison.Ordinal) ? e.Message : e.GetType().Name;
}

using System.Buffers;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// The quarantine: Maildir folders viruses/, policy/ and spam/ under one root, plus
/// quarantine.log. A message is written the Maildir way: to tmp/ under a unique name, flushed to
/// disk, renamed into new/, and new/ itself synced, so new/ never holds a half-written file and a
/// crash leaves at most a stale file in tmp/ (removed by <see cref="QuarantineCleaner"/>). The
/// stored file is the X-Vigil- header block (<see cref="QuarantineHeaders"/>) followed by the raw
/// message byte for byte, so any Maildir reader shows it and the file alone explains itself.
/// Directories are created mode 0700 and files 0600: quarantined mail is private.
/// Released messages stay, moved to cur/ with the Maildir flag P ("passed"), so a release is
/// never sent twice and the clean-up removes them with the rest.
/// </summary>
public sealed class QuarantineStore
{
    /// <summary>Bytes of the message head read for its line ending and Subject.</summary>
    private const int HeadBytes = 64 * 1024;

    private readonly Func<DateTimeOffset> _clock;

    public QuarantineStore(string root, Func<DateTimeOffset>? clock = null)
    {
        Root = Path.GetFullPath(root);
        Log = new QuarantineLog(Root);
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public string Root { get; }

    public QuarantineLog Log { get; }

    /// <summary>Stores a spooled message (see <see cref="StoreAsync(Stream, Envelope, Verdict, string, CancellationToken)"/>).</summary>
    public async Task<QuarantineRecord> StoreAsync(ContentSpool raw, Envelope envelope, Verdict verdict, string folder, CancellationToken cancellationToken)
    {
        using var stream = raw.OpenRead();
        return await StoreAsync(stream, envelope, verdict, folder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="raw"/> (read to its end) into <paramref name="folder"/>/new/ and logs
    /// it. Returns only once the file is durable in new/. Throws (leaving nothing in new/ and
    /// nothing in tmp/) when it cannot be written: the door must then defer, never deliver.
    /// </summary>
    public async Task<QuarantineRecord> StoreAsync(Stream raw, Envelope envelope, Verdict verdict, string folder, CancellationToken cancellationToken)
    {
        if (!QuarantineFolder.IsKnown(folder))
        {
            throw new ArgumentException($"unknown quarantine folder '{folder}'", nameof(folder));
        }

        var now = _clock();
        var id = MaildirName.Next(now);
        var head = ArrayPool<byte>.Shared.Rent(HeadBytes);
        MaildirFile file;
        long headerLength;
        string subject;
        try
        {
            // The head is read first for the Subject and the line ends our headers must match;
            // it goes to the file right after them, then the rest of the message.
            var headLength = await ReadHeadAsync(raw, head, cancellationToken).ConfigureAwait(false);
            var headSpan = head.AsSpan(0, headLength);
            subject = MessageSubject.Find(headSpan);
            var block = QuarantineHeaders.Build(id, envelope, verdict, now, NewlineOf(headSpan));
            headerLength = block.Length;
            var prefix = new byte[block.Length + headLength];
            block.CopyTo(prefix, 0);
            headSpan.CopyTo(prefix.AsSpan(block.Length));
            file = await MaildirWriter.WriteAsync(Path.Combine(Root, folder), id, prefix, raw, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }

        var target = file.Path;
        var size = file.Size;
        var record = new QuarantineRecord
        {
            Id = id,
            Folder = folder,
            Path = target,
            Stored = now,
            Size = size,
            HeaderLength = headerLength,
            Sender = envelope.Sender is null ? null : envelope.IsNullSender ? "" : envelope.Sender,
            Recipients = envelope.Recipients,
            ClientIp = envelope.ClientIp,
            Verdict = verdict.Word,
            Findings = [.. verdict.Findings.Select(QuarantineHeaders.Describe)],
            Subject = subject,
        };

        try
        {
            Log.Append(QuarantineLog.Format(now, id, folder, verdict.Word, verdict.Worst?.Rule ?? "", record.Sender, envelope.Recipients, envelope.ClientIp, subject));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The message is safe in new/; losing a log line must not make the door defer it again.
            return record with { Warning = $"{Log.FilePath}: {e.Message}" };
        }

        return record;
    }

    /// <summary>Every quarantined message in every folder (new/ and cur/), oldest first; files that are not Vigil's are skipped.</summary>
    public IReadOnlyList<QuarantineRecord> List()
    {
        var records = new List<QuarantineRecord>();
        foreach (var (folder, file, id, flags) in Files())
        {
            if (Read(file, folder, id, flags) is { } r)
            {
                records.Add(r);
            }
        }

        records.Sort((a, b) => a.Stored != b.Stored ? a.Stored.CompareTo(b.Stored) : string.CompareOrdinal(a.Id, b.Id));
        return records;
    }

    /// <summary>The ids of every quarantined message (new/ and cur/ of every folder), from the file names alone: no file is read.</summary>
    public IReadOnlySet<string> Ids() => Files().Select(f => f.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The files of new/ and cur/ in every folder that carry a Vigil message name, with the id and flags that name holds.</summary>
    private IEnumerable<(string Folder, string Path, string Id, string Flags)> Files()
    {
        foreach (var folder in QuarantineFolder.All)
        {
            foreach (var sub in (string[])["new", "cur"])
            {
                var dir = Path.Combine(Root, folder, sub);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(dir))
                {
                    if (MaildirName.TryParseFileName(Path.GetFileName(file), out var id, out var flags))
                    {
                        yield return (folder, file, id, flags);
                    }
                }
            }
        }
    }

    /// <summary>The message with this id, or null (also for anything that is not a valid id).</summary>
    public QuarantineRecord? Find(string id)
    {
        if (!MaildirName.IsValidId(id))
        {
            return null;
        }

        foreach (var folder in QuarantineFolder.All)
        {
            var inNew = Path.Combine(Root, folder, "new", id);
            if (File.Exists(inNew))
            {
                return Read(inNew, folder, id, "");
            }

            var cur = Path.Combine(Root, folder, "cur");
            if (!Directory.Exists(cur))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(cur, id + "*"))
            {
                if (MaildirName.TryParseFileName(Path.GetFileName(file), out var fileId, out var flags) && fileId == id)
                {
                    return Read(file, folder, id, flags);
                }
            }
        }

        return null;
    }

    /// <summary>The stored file (added headers and message) for reading, or null.</summary>
    public Stream? Open(string id) => Find(id) is { } r ? File.OpenRead(r.Path) : null;

    /// <summary>The original message alone (without the added headers), or null.</summary>
    public Stream? OpenOriginal(string id)
    {
        if (Find(id) is not { } r)
        {
            return null;
        }

        var stream = File.OpenRead(r.Path);
        stream.Position = r.HeaderLength;
        return stream;
    }

    /// <summary>Removes the message; false when there is none with that id.</summary>
    public bool Delete(string id)
    {
        if (Find(id) is not { } r)
        {
            return false;
        }

        File.Delete(r.Path);
        return true;
    }

    /// <summary>
    /// Re-injects the original message (without the added headers) from the original sender to the
    /// original recipients, or to <paramref name="recipients"/> when given. On success the file
    /// moves to cur/ with the flag P and a "released" line is logged; on failure it stays where it
    /// was. Releases take the quarantine's release lock (<see cref="ReleaseLock"/>, held across
    /// processes: `vigil quarantine release` and the dashboard alike) and look the message up
    /// again under it, so two releases of one message at once send it once: the second finds it
    /// already released.
    /// </summary>
    public async Task<ReleaseResult> ReleaseAsync(string id, IReinjector reinjector, CancellationToken cancellationToken = default) =>
        await ReleaseAsync(id, reinjector, null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="ReleaseAsync(string, IReinjector, CancellationToken)"/>
    public async Task<ReleaseResult> ReleaseAsync(string id, IReinjector reinjector, IReadOnlyList<string>? recipients, CancellationToken cancellationToken = default)
    {
        if (Find(id) is null)
        {
            return new ReleaseResult(ReleaseOutcome.NotFound, null, $"{id}: no such quarantined message");
        }

        using var held = await ReleaseLock.AcquireAsync(Root, cancellationToken).ConfigureAwait(false);
        if (Find(id) is not { } r)
        {
            return new ReleaseResult(ReleaseOutcome.NotFound, null, $"{id}: no such quarantined message");
        }

        if (r.Released)
        {
            return new ReleaseResult(ReleaseOutcome.AlreadyReleased, r, $"{id}: already released");
        }

        var to = recipients is { Count: > 0 } ? recipients : r.Recipients;
        if (to.Count == 0)
        {
            return new ReleaseResult(ReleaseOutcome.NoRecipients, r, $"{id}: no envelope recipient recorded");
        }

        ReinjectResult result;
        await using (var original = File.OpenRead(r.Path))
        {
            original.Position = r.HeaderLength;
            result = await reinjector.ReinjectAsync(original, r.Sender ?? "", to, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Success)
        {
            return new ReleaseResult(ReleaseOutcome.Failed, r, result.Detail);
        }

        var cur = Path.Combine(Root, r.Folder, "cur");
        Directory.CreateDirectory(cur);
        File.Move(r.Path, Path.Combine(cur, MaildirName.WithFlags(id, r.Flags + "P")));
        DirectorySync.Sync(cur);
        var released = r with { Recipients = to };
        try
        {
            Log.Append(QuarantineLog.Format(_clock(), id, r.Folder, "released", "", r.Sender, to, r.ClientIp, r.Subject));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ReleaseResult(ReleaseOutcome.Released, released, $"released, but {Log.FilePath}: {e.Message}");
        }

        return new ReleaseResult(ReleaseOutcome.Released, released, "");
    }

    private static QuarantineRecord? Read(string path, string folder, string id, string flags)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 16 * 1024);
            if (!QuarantineHeaders.TryRead(stream, out var block) || block.Id != id)
            {
                return null;
            }

            var head = new byte[(int)Math.Min(HeadBytes, Math.Max(0, stream.Length - block.Length))];
            stream.Position = block.Length;
            stream.ReadExactly(head);
            return new QuarantineRecord
            {
                Id = id,
                Folder = folder,
                Path = path,
                Flags = flags,
                Stored = block.Date ?? File.GetLastWriteTimeUtc(path),
                Size = stream.Length,
                HeaderLength = block.Length,
                Sender = block.Sender,
                Recipients = block.Recipients,
                ClientIp = block.ClientIp,
                Verdict = block.Verdict,
                Findings = block.Findings,
                Subject = MessageSubject.Find(head),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile (released or cleaned by another process) or unreadable
        }
    }

    private static async Task<int> ReadHeadAsync(Stream raw, byte[] head, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < HeadBytes)
        {
            var n = await raw.ReadAsync(head.AsMemory(total, HeadBytes - total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>The message's own line end, so the added headers match it (qmail stores LF, SMTP dumps CRLF).</summary>
    private static string NewlineOf(ReadOnlySpan<byte> head)
    {
        var lf = head.IndexOf((byte)'\n');
        return lf > 0 && head[lf - 1] == '\r' ? "\r\n" : "\n";
    }
}

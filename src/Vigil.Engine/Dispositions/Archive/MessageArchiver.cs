using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>
/// Copies messages into the archive Maildir: passed mail whose envelope `archive=` selects, passed
/// mail with a DLP monitor hit (whatever `archive=` says), and, with `archiveblocked=yes`, selected
/// mail that was quarantined, rejected or dropped. Deferred mail is never archived: it comes back.
/// <para>
/// A passed message that should be archived but cannot be (disk full, bad permissions, a bad
/// `archive=` regex) is deferred by default (`archivefailure=defer`): an admin who archives for
/// compliance expects no message to reach its recipients without its copy, and qmail retries it.
/// `archivefailure=deliver` delivers it anyway with a warning. For blocked mail a failed copy is only
/// reported: the message is already quarantined (or refused), and deferring would store it twice.
/// </para>
/// </summary>
public sealed class MessageArchiver
{
    private readonly Func<DateTimeOffset> _clock;

    public MessageArchiver(ArchiveSettings settings, Func<DateTimeOffset>? clock = null)
    {
        Settings = settings;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public ArchiveSettings Settings { get; }

    /// <summary>Decides whether the message is archived, and if so writes it (durable in new/ before this returns).</summary>
    /// <param name="openRaw">Opens the raw message from its start (called at most once).</param>
    public async Task<ArchiveResult> ArchiveAsync(Verdict verdict, Envelope envelope, PlannedAction plan, Func<Stream> openRaw, string newline, CancellationToken cancellationToken)
    {
        var passed = plan.Action == VerdictAction.Deliver;
        var blocked = plan.Action is VerdictAction.Quarantine or VerdictAction.Reject or VerdictAction.Drop;
        ArchiveReason reason;
        if (passed && DlpMonitor.Hits(verdict).Count > 0)
        {
            reason = ArchiveReason.Monitor;
        }
        else if ((passed || (blocked && Settings.Blocked)) && Settings.Scope != ArchiveScope.None)
        {
            if (Settings.Pattern is null && Settings.Scope == ArchiveScope.Matching)
            {
                return Failed(passed, Settings.Error ?? "archive: no usable pattern");
            }

            if (!Settings.Selects(envelope))
            {
                return ArchiveResult.NotSelected;
            }

            reason = passed ? ArchiveReason.Envelope : ArchiveReason.Blocked;
        }
        else
        {
            return ArchiveResult.NotSelected;
        }

        try
        {
            var now = _clock();
            var id = Quarantine.MaildirName.Next(now);
            var block = ArchiveHeaders.Build(id, reason, envelope, verdict, now, newline);
            using var raw = openRaw();
            var file = await MaildirWriter.WriteAsync(Settings.Directory, id, block, raw, cancellationToken).ConfigureAwait(false);
            return new ArchiveResult(new ArchiveRecord(reason, file), null, false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed(passed, $"archive {Settings.Directory}: {e.Message}");
        }
    }

    private ArchiveResult Failed(bool passed, string why) => new(null, why, passed && Settings.DeferOnFailure);
}

using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// The executor's step for what happens around delivery: archive the message when the archive
/// settings or a DLP monitor hit ask for it, and build the headers a door adds to delivered mail.
/// It runs after the quarantine write and before the door answers, so a copy the admin asked for
/// is durable before the message is handed on.
/// </summary>
public sealed class TagAndArchiveStep
{
    /// <summary>Bytes of the message head read for its line ending.</summary>
    private const int HeadBytes = 8 * 1024;

    public TagAndArchiveStep(MessageTagger tagger, MessageArchiver archiver)
    {
        Tagger = tagger;
        Archiver = archiver;
    }

    public MessageTagger Tagger { get; }

    public MessageArchiver Archiver { get; }

    /// <summary>The step as `options` configures it.</summary>
    public static TagAndArchiveStep FromOptions(PolicyOptions options, Func<DateTimeOffset>? clock = null) =>
        new(MessageTagger.FromOptions(options), new MessageArchiver(ArchiveOptions.Read(options), clock));

    /// <param name="openRaw">Opens the raw message from its start; each call gives a fresh view.</param>
    public async Task<TagAndArchiveResult> RunAsync(Judgement result, Envelope envelope, PlannedAction plan, Func<Stream> openRaw, CancellationToken cancellationToken)
    {
        var passed = plan.Action == VerdictAction.Deliver;
        var blocked = plan.Action is VerdictAction.Quarantine or VerdictAction.Reject or VerdictAction.Drop;
        var scoped = Archiver.Settings.Scope != ArchiveScope.None;
        var archiveWanted = (passed && (scoped || DlpMonitor.Hits(result.Verdict).Count > 0)) || (blocked && scoped && Archiver.Settings.Blocked);
        var tagWanted = passed && Tagger.WouldAdd(result);
        if (!archiveWanted && !tagWanted)
        {
            // The common case (clean mail, nothing configured) reads nothing more.
            return TagAndArchiveResult.Nothing;
        }

        var newline = await NewlineAsync(openRaw, cancellationToken).ConfigureAwait(false);
        var archive = await Archiver.ArchiveAsync(result.Verdict, envelope, plan, openRaw, newline, cancellationToken).ConfigureAwait(false);
        var headers = passed && !archive.MustDefer ? Tagger.Build(result, newline) : [];
        return new TagAndArchiveResult(headers, archive);
    }

    private static async Task<string> NewlineAsync(Func<Stream> openRaw, CancellationToken cancellationToken)
    {
        var head = new byte[HeadBytes];
        var n = 0;
        using (var raw = openRaw())
        {
            int read;
            while (n < head.Length && (read = await raw.ReadAsync(head.AsMemory(n), cancellationToken).ConfigureAwait(false)) > 0)
            {
                n += read;
                if (head.AsSpan(0, n).Contains((byte)'\n'))
                {
                    break;
                }
            }
        }

        return MessageTagger.NewlineOf(head.AsSpan(0, n));
    }
}

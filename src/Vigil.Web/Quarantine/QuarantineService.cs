using System.Data.Common;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Quarantine;
using Vigil.Web.Hosting;
using Vigil.Web.Users;

namespace Vigil.Web.Quarantine;

/// <summary>
/// The quarantine as the dashboard sees it, limited to what the user may see: the same
/// <see cref="ReleaseService"/> and re-injection path as `vigil quarantine` (quarantine= and
/// reinject= of the control directory), which with a PostgreSQL store lists every node's
/// messages and releases any of them from any node. A release or delete sets the message's
/// state in the store's rows, as the command does, and is recorded in <see cref="ActionLog"/>
/// with who did it, as is an admin's settling of a release whose end is unknown (<see cref="StuckRelease"/>).
/// </summary>
public sealed class QuarantineService(DashboardSettings settings, DashboardDatabase database, ActionLog actions, WebMetrics metrics)
{
    private readonly ReleaseService _service = new(new QuarantineStore(settings.QuarantineRoot), settings.Store, settings.Node, settings.QuarantineMaxBytes);

    public string Root => _service.Local.Root;

    public ReleaseService Releases => _service;

    /// <summary>The messages <paramref name="user"/> may see, newest first.</summary>
    public IReadOnlyList<SharedEntry> List(WebUser user) => [.. _service.List().Where(e => user.CoversAny(e.Record.Recipients))];

    /// <summary>The message when it exists and <paramref name="user"/> may see it.</summary>
    public SharedEntry? Find(WebUser user, string id) =>
        _service.Find(id) is { } e && user.CoversAny(e.Record.Recipients) ? e : null;

    /// <summary>The first <paramref name="max"/> bytes of the original message (without Vigil's headers), or null.</summary>
    public byte[]? Head(SharedEntry entry, int max) => _service.Head(entry, max);

    /// <summary>
    /// The MIME tree of quarantined message <paramref name="id"/> as `vigil inspect` prints it,
    /// re-read from its quarantined copy (this node's file or the database's) with the analyzer's
    /// own limits; null when the user may not see it or no copy is kept.
    /// </summary>
    public string? Tree(WebUser user, string id)
    {
        if (Find(user, id) is not { } entry || _service.OpenOriginal(entry) is not { } stream)
        {
            return null;
        }

        try
        {
            using (stream)
            using (var analysis = new MessageAnalyzer().Analyze(stream))
            {
                var text = new StringWriter();
                TreePrinter.Print(text, id, analysis);
                return text.ToString();
            }
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Releases each message to its original recipients, or to <paramref name="to"/> when given.
    /// A reviewer may release only what they see, and only to addresses of their domains.
    /// </summary>
    public async Task<IReadOnlyList<ActionResult>> ReleaseAsync(WebUser user, IReadOnlyList<string> ids, IReadOnlyList<string> to, string? clientIp, CancellationToken ct)
    {
        var results = new List<ActionResult>();
        if (QuarantineOptions.Reinjector(settings.Reinject, out var error) is not { } reinjector)
        {
            return [.. ids.Select(id => new ActionResult(id, false, error ?? "no re-injection path"))];
        }

        foreach (var id in ids)
        {
            ActionResult result;
            var request = false;
            if (Find(user, id) is null)
            {
                result = new ActionResult(id, false, "no such quarantined message");
            }
            else if (to.FirstOrDefault(a => !user.Covers(a)) is { } foreign)
            {
                result = new ActionResult(id, false, $"{foreign} is not in your domains");
            }
            else
            {
                var released = await _service.ReleaseAsync(id, reinjector, to, ct).ConfigureAwait(false);
                // A request is a promise of another node's release, not one done: /metrics counts it apart.
                request = released.Outcome is ReleaseOutcome.Requested or ReleaseOutcome.AlreadyRequested;
                result = released.Outcome switch
                {
                    ReleaseOutcome.Released => new ActionResult(id, true, "released to " + string.Join(", ", released.Record!.Recipients) + (released.Detail.Length > 0 ? " (" + released.Detail + ")" : "")),
                    ReleaseOutcome.AlreadyReleased => new ActionResult(id, false, "already released"),
                    ReleaseOutcome.NotFound => new ActionResult(id, false, "no such quarantined message"),
                    ReleaseOutcome.NoRecipients => new ActionResult(id, false, "no envelope recipient recorded"),
                    ReleaseOutcome.Requested => new ActionResult(id, true, released.Detail),
                    ReleaseOutcome.AlreadyRequested => new ActionResult(id, false, "already requested: " + released.Detail),
                    _ => new ActionResult(id, false, "release failed: " + released.Detail),
                };
                if (released.Outcome == ReleaseOutcome.Released && !_service.IsShared)
                {
                    SetState(id, "released"); // the shared quarantine set the rows' state in its own transaction
                }
            }

            if (request)
            {
                metrics.Requested(result.Done);
            }
            else
            {
                metrics.Released(result.Done);
            }

            Record(user, "release", result, clientIp);
            results.Add(result);
        }

        return results;
    }

    /// <summary>
    /// Settles each message left 'releasing' (how its delivery ended unknown) as
    /// <paramref name="state"/> (released, or waiting to be released again), for an admin only:
    /// a reviewer sees the state but may not decide it.
    /// </summary>
    public async Task<IReadOnlyList<ActionResult>> SettleAsync(WebUser user, IReadOnlyList<string> ids, string state, string? clientIp, CancellationToken ct)
    {
        var results = new List<ActionResult>();
        foreach (var id in ids)
        {
            ActionResult result;
            if (Find(user, id) is null)
            {
                result = new ActionResult(id, false, "no such quarantined message");
            }
            else if (!user.IsAdmin)
            {
                result = new ActionResult(id, false, "only an admin may settle a release whose end is unknown");
            }
            else
            {
                var settled = await StuckRelease.SettleAsync(_service, id, state, ct).ConfigureAwait(false);
                result = new ActionResult(id, settled.Settled, settled.Detail);
            }

            Record(user, StuckRelease.ActionName(state), result, clientIp);
            results.Add(result);
        }

        return results;
    }

    public IReadOnlyList<ActionResult> Delete(WebUser user, IReadOnlyList<string> ids, string? clientIp)
    {
        var results = new List<ActionResult>();
        foreach (var id in ids)
        {
            var deleted = Find(user, id) is null ? DeleteResult.NotFound : _service.Delete(id);
            var result = new ActionResult(id, deleted.Deleted, deleted.Detail);
            if (result.Done && !_service.IsShared)
            {
                SetState(id, "deleted");
            }

            metrics.Deleted(result.Done);
            Record(user, "delete", result, clientIp);
            results.Add(result);
        }

        return results;
    }

    private void Record(WebUser user, string action, ActionResult result, string? clientIp)
    {
        if (!MaildirName.IsValidId(result.Id))
        {
            return; // nothing by that name can exist; not worth a row
        }

        actions.Record(user.Name, action, result.Id, result.Done ? "done" : "refused", result.Text + (_service.IsShared ? $" [on {settings.Node}]" : ""), clientIp);
    }

    /// <summary>The store's rows of the message say what became of it (vigil track, reports), as after `vigil quarantine`.</summary>
    private void SetState(string id, string state)
    {
        try
        {
            using var connection = database.Open();
            database.Reader(connection).SetQuarantineState(id, state);
        }
        catch (DbException)
        {
            // The action is done and recorded; the row keeps saying quarantined.
        }
    }
}

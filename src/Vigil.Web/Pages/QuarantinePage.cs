using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Quarantine;
using Vigil.Web.Html;
using Vigil.Web.Quarantine;
using Vigil.Web.Security;

namespace Vigil.Web.Pages;

/// <summary>
/// /quarantine: the list (filtered by folder, state and text), with bulk release and delete;
/// /quarantine/{id}: one message, its headers and text as escaped plain text (links are not
/// live, nothing of the mail is markup), release to the original or other recipients, delete,
/// for an admin the settling of a release whose end is unknown ('releasing': mark released, or
/// back to waiting), and what was done to it by whom.
/// </summary>
public static class QuarantinePage
{
    public const int Limit = 500;
    public const int ShownBytes = 64 * 1024;

    /// <summary>The actions that settle a release whose end is unknown (admins only).</summary>
    public const string MarkReleased = "mark-released";
    public const string BackToWaiting = "back-to-waiting";

    public static IResult List(HttpContext context)
    {
        if (Session.User(context) is not { } user)
        {
            return Results.Redirect("/login");
        }

        var q = context.Request.Query;
        string folder = q["folder"].ToString(), state = q["state"].ToString(), text = q["q"].ToString().Trim();
        var service = context.RequestServices.GetRequiredService<QuarantineService>();
        var all = service.List(user);
        var shared = service.Releases.IsShared;
        var shown = all.Where(e => (folder.Length == 0 || e.Record.Folder == folder)
                && (state.Length == 0 || state == e.State)
                && (text.Length == 0 || Matches(e.Record, text)))
            .Take(Limit).ToList();

        var h = Layout.Begin("Quarantine", user, context, "/quarantine");
        h.Open("form", ("method", "get"), ("action", "/quarantine"), ("class", "search"));
        Select(h, "Folder", "folder", folder, ["", .. QuarantineFolder.All]);
        Select(h, "State", "state", state, ["", "waiting", "requested", "releasing", "released"]);
        h.Open("label").Text("Sender, recipient, subject or id").Void("input", ("name", "q"), ("value", text)).Close("label");
        h.Element("button", "Filter", ("type", "submit"));
        h.Close("form");

        h.Element("p", $"{shown.Count} of {all.Count} messages" + (shown.Count == Limit ? $" (the newest {Limit} shown)" : "") + ".", ("class", "muted"));
        h.Open("form", ("method", "post"), ("action", "/quarantine/action"));
        Layout.Token(h, context);
        h.Open("div", ("class", "actions"))
            .Element("button", "Release selected", ("type", "submit"), ("name", "action"), ("value", "release"))
            .Element("button", "Delete selected", ("type", "submit"), ("name", "action"), ("value", "delete"), ("class", "danger"))
            .Close("div");
        h.Open("table", ("class", "log")).Open("thead").Open("tr");
        foreach (var c in shared ? (string[])["", "Time", "Node", "Folder", "Verdict", "Finding", "Sender", "Recipients", "Subject", "State"] : ["", "Time", "Folder", "Verdict", "Finding", "Sender", "Recipients", "Subject", "State"])
        {
            h.Element("th", c);
        }

        h.Close("tr").Close("thead").Open("tbody");
        foreach (var e in shown)
        {
            var r = e.Record;
            h.Open("tr").Open("td").Void("input", ("type", "checkbox"), ("name", "id"), ("value", r.Id), ("aria-label", "select " + r.Id)).Close("td")
                .Open("td", ("class", "nowrap")).Link("/quarantine/" + Uri.EscapeDataString(r.Id), Format.Time(r.Stored)).Close("td");
            if (shared)
            {
                h.Element("td", e.Node, ("class", "nowrap"));
            }

            h.Element("td", r.Folder, ("class", "nowrap"))
                .Open("td").Element("span", r.Verdict, ("class", "verdict " + r.Verdict)).Close("td")
                .Element("td", Rule(r.Findings.FirstOrDefault()), ("title", r.Findings.FirstOrDefault()))
                .Element("td", Format.Sender(r.Sender), ("class", "sender"))
                .Element("td", string.Join(", ", r.Recipients))
                .Element("td", r.Subject, ("class", "subject"))
                .Element("td", e.State, ("class", "nowrap")).Close("tr");
        }

        h.Close("tbody").Close("table").Close("form");
        return Layout.End(h);
    }

    public static IResult Detail(HttpContext context, string id)
    {
        if (Session.User(context) is not { } user)
        {
            return Results.Redirect("/login");
        }

        var service = context.RequestServices.GetRequiredService<QuarantineService>();
        if (service.Find(user, id) is not { } entry)
        {
            return Layout.Message("Quarantine", "No such quarantined message.", user, context, StatusCodes.Status404NotFound);
        }

        var r = entry.Record;
        var h = Layout.Begin("Quarantined message", user, context, "/quarantine");
        h.Open("table", ("class", "facts")).Open("tbody");
        MessagesPage.Fact(h, "Id", r.Id);
        MessagesPage.Fact(h, "Node", service.Releases.IsShared ? entry.Node : null);
        MessagesPage.Fact(h, "Stored", Format.Time(r.Stored));
        MessagesPage.Fact(h, "Folder", r.Folder);
        MessagesPage.Fact(h, "Verdict", r.Verdict);
        MessagesPage.Fact(h, "State", entry.State switch
        {
            SharedEntry.Releasing => $"releasing (by node {entry.StateNode}; how that ended is not known yet, so it is not sent again)",
            SharedEntry.Requested => $"requested (by node {entry.StateNode}; node {entry.Node} holds the only copy and sends it at its next sync)",
            _ => entry.State,
        });
        MessagesPage.Fact(h, "Sender", Format.Sender(r.Sender));
        MessagesPage.Fact(h, "Recipients", string.Join(", ", r.Recipients));
        MessagesPage.Fact(h, "Client IP", r.ClientIp);
        MessagesPage.Fact(h, "Subject", r.Subject);
        MessagesPage.Fact(h, "Size", Format.Size(r.Size - r.HeaderLength));
        h.Close("tbody").Close("table");
        h.Element("h2", "Findings");
        h.Open("ul");
        foreach (var f in r.Findings)
        {
            h.Element("li", f);
        }

        h.Close("ul");

        if (entry.State == SharedEntry.Releasing && user.IsAdmin)
        {
            // The delivery's end is unknown: only an admin, having checked the mailbox, says how it ended.
            h.Element("h2", "Settle the release");
            h.Element("p", "Check the recipient's mailbox or the mail log first: mark it released when it arrived, or put it back to waiting when it did not (it may then be released again).", ("class", "muted"));
            h.Open("form", ("method", "post"), ("action", "/quarantine/action"), ("class", "settle"));
            Layout.Token(h, context);
            h.Void("input", ("type", "hidden"), ("name", "id"), ("value", r.Id));
            h.Element("button", "Mark released", ("type", "submit"), ("name", "action"), ("value", MarkReleased));
            h.Element("button", "Back to waiting", ("type", "submit"), ("name", "action"), ("value", BackToWaiting));
            h.Close("form");
        }

        if (!r.Released)
        {
            h.Open("div", ("class", "grid"));
            h.Open("form", ("method", "post"), ("action", "/quarantine/action"), ("class", "release"));
            Layout.Token(h, context);
            h.Void("input", ("type", "hidden"), ("name", "id"), ("value", r.Id));
            h.Open("label").Text("Release to (empty: the original recipients)")
                .Void("input", ("name", "to"), ("placeholder", string.Join(", ", r.Recipients))).Close("label");
            h.Element("button", "Release", ("type", "submit"), ("name", "action"), ("value", "release"));
            h.Close("form");
            h.Open("form", ("method", "post"), ("action", "/quarantine/action"), ("class", "delete"));
            Layout.Token(h, context);
            h.Void("input", ("type", "hidden"), ("name", "id"), ("value", r.Id));
            h.Element("button", "Delete", ("type", "submit"), ("name", "action"), ("value", "delete"), ("class", "danger"));
            h.Close("form");
            h.Close("div");
        }

        var history = context.RequestServices.GetRequiredService<ActionLog>().For(r.Id);
        if (history.Count > 0)
        {
            h.Element("h2", "History");
            h.Open("table").Open("tbody");
            foreach (var a in history)
            {
                h.Open("tr").Element("td", Format.Time(a.Time)).Element("td", a.User).Element("td", a.Action).Element("td", a.Detail).Close("tr");
            }

            h.Close("tbody").Close("table");
        }

        h.Element("h2", "Headers and text");
        var head = service.Head(entry, ShownBytes);
        var shown = head is null ? "(the file cannot be read)" : Encoding.UTF8.GetString(head);
        h.Element("p", head is not null && head.Length == ShownBytes ? $"The first {ShownBytes / 1024} KB, as plain text." : "As plain text: nothing in it is run or followed.", ("class", "muted"));
        h.Element("pre", Printable(shown), ("class", "mail"));
        return Layout.End(h);
    }

    /// <summary>POST /quarantine/action: release (action=release, to=…), delete, mark-released or back-to-waiting each id; the page says what happened to each.</summary>
    public static async Task<IResult> ActAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var user = Session.User(context);
        if (!await Session.ValidFormAsync(context).ConfigureAwait(false))
        {
            return Layout.Message("Refused", "The form had no valid token; nothing was done. Reload the page and try again.", user, context, StatusCodes.Status400BadRequest);
        }

        if (user is null)
        {
            return Results.Redirect("/login");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var ids = form["id"].Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).Distinct(StringComparer.Ordinal).Take(Limit).ToList();
        var action = form["action"].ToString();
        var to = form["to"].ToString().Split([',', ' ', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Count == 0 || action is not ("release" or "delete" or MarkReleased or BackToWaiting))
        {
            return Layout.Message("Quarantine", "Choose at least one message and release or delete.", user, context, StatusCodes.Status400BadRequest);
        }

        if (to.FirstOrDefault(a => !IsAddress(a)) is { } bad)
        {
            return Layout.Message("Quarantine", $"'{bad}' is not an address.", user, context, StatusCodes.Status400BadRequest);
        }

        var service = context.RequestServices.GetRequiredService<QuarantineService>();
        var results = action switch
        {
            "release" => await service.ReleaseAsync(user, ids, to, Session.ClientIp(context), cancellationToken).ConfigureAwait(false),
            MarkReleased => await service.SettleAsync(user, ids, SharedEntry.Released, Session.ClientIp(context), cancellationToken).ConfigureAwait(false),
            BackToWaiting => await service.SettleAsync(user, ids, SharedEntry.Waiting, Session.ClientIp(context), cancellationToken).ConfigureAwait(false),
            _ => service.Delete(user, ids, Session.ClientIp(context)),
        };

        var h = Layout.Begin(action switch { "release" => "Release", "delete" => "Delete", _ => "Settle the release" }, user, context, "/quarantine");
        h.Open("ul", ("class", "results"));
        foreach (var r in results)
        {
            h.Open("li", ("class", r.Done ? "done" : "refused")).Element("code", r.Id).Text(": " + r.Text).Close("li");
        }

        h.Close("ul");
        h.Open("p").Link("/quarantine", "Back to the quarantine").Close("p");
        return Layout.End(h, results.All(r => r.Done) ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>The rule of an X-Vigil-Finding value ("category; rule=R; detail=…"), for the list; the whole value is on the message's page.</summary>
    private static string? Rule(string? finding)
    {
        const string Key = "; rule=";
        var start = finding?.IndexOf(Key, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return finding;
        }

        start += Key.Length;
        var end = finding!.IndexOf("; detail=", start, StringComparison.Ordinal);
        return finding[start..(end < 0 ? finding.Length : end)];
    }

    private static bool Matches(QuarantineRecord r, string text) =>
        r.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (r.Sender ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)
        || r.Subject.Contains(text, StringComparison.OrdinalIgnoreCase)
        || r.Recipients.Any(a => a.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static bool IsAddress(string a) =>
        a.Length <= 254 && a.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < a.Length - 1 && !a.Any(c => char.IsControl(c) || c is '<' or '>' or '"' or '\\');

    private static void Select(HtmlWriter h, string label, string name, string value, string[] options)
    {
        h.Open("label").Text(label).Open("select", ("name", name));
        foreach (var o in options)
        {
            h.Element("option", o.Length == 0 ? "any" : o, ("value", o), ("selected", o == value ? "" : null));
        }

        h.Close("select").Close("label");
    }

    /// <summary>The mail's text for a &lt;pre&gt;: control characters but TAB and LF shown as '?'.</summary>
    internal static string Printable(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                var c = t[i];
                span[i] = c == '\r' ? ' ' : char.IsControl(c) && c is not '\n' and not '\t' ? '?' : c;
            }
        });
}

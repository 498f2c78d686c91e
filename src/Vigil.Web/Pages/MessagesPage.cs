using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Store.Model;
using Vigil.Store.Reading;
using Vigil.Web.Html;
using Vigil.Web.Quarantine;
using Vigil.Web.Security;
using Vigil.Web.Users;

namespace Vigil.Web.Pages;

/// <summary>/messages: the message log, searched by address, subject, Message-ID, verdict, time and client IP; /messages/{key}: one message.</summary>
public static class MessagesPage
{
    public const int Limit = 200;

    private static readonly string[] Verdicts = ["", "clean", "virus", "policy", "format", "limits", "spam", "error"];

    public static IResult Search(HttpContext context)
    {
        if (Session.User(context) is not { } user)
        {
            return Results.Redirect("/login");
        }

        var q = context.Request.Query;
        var search = new MessageSearch
        {
            Address = q["address"],
            Subject = q["subject"],
            MessageId = q["id"],
            Verdict = q["verdict"],
            ClientIp = q["ip"],
            From = TimeRange.Parse(q["from"]),
            To = TimeRange.Parse(q["to"]),
        };
        var database = context.RequestServices.GetRequiredService<DashboardDatabase>();
        using var connection = database.Open();
        var rows = database.Reader(connection).Search(search, user.Scope, Limit);

        var h = Layout.Begin("Message log", user, context, "/messages");
        h.Open("form", ("method", "get"), ("action", "/messages"), ("class", "search"));
        Field(h, "Address", "address", search.Address, "sender or recipient");
        Field(h, "Subject", "subject", search.Subject, "contains");
        Field(h, "Message-ID", "id", search.MessageId, null);
        h.Open("label").Text("Verdict").Open("select", ("name", "verdict"));
        foreach (var v in Verdicts)
        {
            h.Element("option", v.Length == 0 ? "any" : v, ("value", v), ("selected", v == (search.Verdict ?? "") ? "" : null));
        }

        h.Close("select").Close("label");
        Field(h, "Client IP", "ip", search.ClientIp, null);
        Field(h, "From (UTC)", "from", q["from"], "yyyy-mm-dd");
        Field(h, "To (UTC)", "to", q["to"], "yyyy-mm-dd");
        h.Element("button", "Search", ("type", "submit"));
        h.Close("form");

        h.Element("p", rows.Count >= Limit ? $"The newest {Limit} rows; narrow the search for older ones." : $"{rows.Count} rows.", ("class", "muted"));
        h.Open("table", ("class", "log")).Open("thead").Open("tr");
        foreach (var c in (string[])["Time", "Verdict", "Outcome", "Sender", "Recipient", "Subject", "Client IP", "Node"])
        {
            h.Element("th", c);
        }

        h.Close("tr").Close("thead").Open("tbody");
        foreach (var r in rows)
        {
            h.Open("tr").Open("td", ("class", "nowrap")).Link("/messages/" + Uri.EscapeDataString(r.MessageKey), Format.Time(r.Time)).Close("td")
                .Open("td").Element("span", r.Verdict, ("class", "verdict " + r.Verdict)).Close("td")
                .Element("td", r.Outcome + (r.QuarantineState is { } s && s != r.Outcome ? " (" + s + ")" : ""))
                .Element("td", Format.Sender(r.Sender)).Element("td", r.Recipient).Element("td", r.Subject, ("class", "subject"))
                .Element("td", r.ClientIp).Element("td", r.Node).Close("tr");
        }

        h.Close("tbody").Close("table");
        return Layout.End(h);
    }

    public static IResult Detail(HttpContext context, string key)
    {
        if (Session.User(context) is not { } user)
        {
            return Results.Redirect("/login");
        }

        var database = context.RequestServices.GetRequiredService<DashboardDatabase>();
        using var connection = database.Open();
        var rows = database.Reader(connection).Message(key, user.Scope);
        if (rows.Count == 0)
        {
            return Layout.Message("Message", "No such message in the store.", user, context, StatusCodes.Status404NotFound);
        }

        var first = rows[0];
        var h = Layout.Begin("Message", user, context, "/messages");
        h.Open("table", ("class", "facts")).Open("tbody");
        Fact(h, "Time", Format.Time(first.Time));
        Fact(h, "Verdict", first.Verdict);
        Fact(h, "Outcome", first.Outcome);
        Fact(h, "Sender", Format.Sender(first.Sender));
        Fact(h, "Recipients", string.Join(", ", rows.Select(r => r.Recipient)));
        Fact(h, "Subject", first.Subject);
        Fact(h, "Message-ID", first.MessageId);
        Fact(h, "Size", Format.Size(first.Size));
        Fact(h, "Judged in", Format.Ms(first.ElapsedMilliseconds));
        Fact(h, "Client IP", first.ClientIp);
        Fact(h, "HELO", first.Helo);
        Fact(h, "RELAYCLIENT", first.RelayClient is { } rc ? (rc ? "yes" : "no") : null);
        Fact(h, "Door", first.Door + "@" + first.Node);
        Fact(h, "Source", first.Source);
        h.Close("tbody").Close("table");
        if (first.QuarantineId is { } qid)
        {
            h.Open("p").Text($"Quarantined in {first.QuarantineFolder} ({first.QuarantineState}): ").Link("/quarantine/" + Uri.EscapeDataString(qid), qid).Close("p");
        }

        Findings(h, first.Findings);
        h.Element("h2", "Attachments");
        if (first.Attachments.Count == 0)
        {
            h.Element("p", "None.", ("class", "muted"));
        }
        else
        {
            h.Open("table").Open("thead").Open("tr").Element("th", "Name").Element("th", "Declared type").Element("th", "Detected type").Element("th", "Size").Close("tr").Close("thead").Open("tbody");
            foreach (var a in first.Attachments)
            {
                h.Open("tr").Element("td", a.Name).Element("td", a.DeclaredType).Element("td", a.DetectedType).Element("td", Format.Size(a.Size), ("class", "num")).Close("tr");
            }

            h.Close("tbody").Close("table");
        }

        h.Element("h2", "MIME tree");
        if (first.QuarantineId is { } kept && context.RequestServices.GetRequiredService<QuarantineService>().Tree(user, kept) is { } tree)
        {
            h.Element("p", "As `vigil inspect` shows it, read again from the quarantined copy.", ("class", "muted"));
            h.Element("pre", QuarantinePage.Printable(tree), ("class", "mail tree"));
        }
        else
        {
            h.Element("p", "Only a quarantined message is kept, and this one is not (or no longer).", ("class", "muted"));
        }

        h.Element("h2", "Log line");
        h.Element("pre", first.LogLine ?? "(none stored)", ("class", "mail"));
        return Layout.End(h);
    }

    public static void Findings(HtmlWriter h, IReadOnlyList<StoredFinding> findings)
    {
        h.Element("h2", "Findings");
        if (findings.Count == 0)
        {
            h.Element("p", "None.", ("class", "muted"));
            return;
        }

        h.Open("table").Open("thead").Open("tr").Element("th", "Category").Element("th", "Rule").Element("th", "Detail").Close("tr").Close("thead").Open("tbody");
        foreach (var f in findings)
        {
            h.Open("tr").Element("td", f.Category).Element("td", f.Rule).Element("td", f.Detail).Close("tr");
        }

        h.Close("tbody").Close("table");
    }

    public static void Fact(HtmlWriter h, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            h.Open("tr").Element("th", name).Element("td", value).Close("tr");
        }
    }

    private static void Field(HtmlWriter h, string label, string name, string? value, string? placeholder) =>
        h.Open("label").Text(label).Void("input", ("name", name), ("value", value ?? ""), ("placeholder", placeholder)).Close("label");
}

using System.Globalization;
using System.Text;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Install;

/// <summary>
/// Builds the test mails of Qmail-Scanner's test_installation.sh: the EICAR test file (which every
/// virus scanner knows), an attachment whose name the control directory bans, and a clean mail.
/// The expected actions come from the same policy the doors use, so a changed `virusaction=` or a
/// rule's `=> reject` changes what is expected.
/// </summary>
public sealed class TestMailBuilder
{
    /// <summary>
    /// The EICAR test file, base64 as it travels in mail. Kept encoded so this program itself does
    /// not carry the plain signature a host's virus scanner would flag.
    /// </summary>
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    private readonly PolicySet _policy;
    private readonly string _from;
    private readonly string _to;
    private readonly string _run;

    public TestMailBuilder(PolicySet policy, string from, string to, string runId)
    {
        _policy = policy;
        _from = from;
        _to = to;
        _run = runId;
    }

    public TestMail Eicar()
    {
        var marker = Marker("eicar");
        var text = Header(marker, "EICAR test virus (must be blocked)", multipart: true)
            + "--" + Boundary(marker) + "\n"
            + "Content-Type: text/plain; charset=us-ascii\n\n"
            + "The attachment is the EICAR anti-virus test file; it is harmless. A virus scanner must find it.\n\n"
            + "--" + Boundary(marker) + "\n"
            + "Content-Type: application/octet-stream; name=\"eicar-test.txt\"\n"
            + "Content-Disposition: attachment; filename=\"eicar-test.txt\"\n"
            + "Content-Transfer-Encoding: base64\n\n"
            + EicarBase64 + "\n"
            + "--" + Boundary(marker) + "--\n";
        return new TestMail("eicar", Encoding.ASCII.GetBytes(text), marker, FindingCategory.Virus, ActionOptions.For(FindingCategory.Virus, _policy.Options), "the EICAR test file: a virus scanner must find it");
    }

    /// <summary>A mail with an attachment named as the control directory bans; null (with the reason) when nothing is banned by name.</summary>
    public TestMail? Policy(out string? whyNot)
    {
        whyNot = null;
        if (!_policy.Filters.FileName)
        {
            whyNot = "the filename filter is off in `filters`: no attachment name is banned";
            return null;
        }

        if (BannedRule() is not { } rule)
        {
            whyNot = "no row of `attachments` bans a file name at any size";
            return null;
        }

        var name = rule.Kind == AttachmentRuleKind.Extension ? "vigil-test" + rule.Match : rule.Match;
        var marker = Marker("policy");
        var text = Header(marker, $"banned attachment name {name} (must be blocked)", multipart: true)
            + "--" + Boundary(marker) + "\n"
            + "Content-Type: text/plain; charset=us-ascii\n\n"
            + $"The attachment's name matches the `attachments` row \"{rule.Match}\" ({rule.Description}). Its content is plain text.\n\n"
            + "--" + Boundary(marker) + "\n"
            + $"Content-Type: application/octet-stream; name=\"{name}\"\n"
            + $"Content-Disposition: attachment; filename=\"{name}\"\n\n"
            + "This is not a program; its name alone is banned.\n"
            + "--" + Boundary(marker) + "--\n";
        var action = rule.Action switch
        {
            RuleAction.Quarantine => VerdictAction.Quarantine,
            RuleAction.Reject => VerdictAction.Reject,
            RuleAction.Defer => VerdictAction.Defer,
            RuleAction.Drop => VerdictAction.Drop,
            _ => ActionOptions.For(FindingCategory.Policy, _policy.Options),
        };
        return new TestMail("policy", Encoding.ASCII.GetBytes(text), marker, FindingCategory.Policy, action, $"an attachment named {name}: banned by attachments row {rule.Match}");
    }

    public TestMail Clean()
    {
        var marker = Marker("clean");
        var text = Header(marker, "clean mail (must be delivered)", multipart: false)
            + "Content-Type: text/plain; charset=us-ascii\n\n"
            + "This is a clean test message from vigil test-install. It must reach its recipient.\n";
        return new TestMail("clean", Encoding.ASCII.GetBytes(text), marker, null, VerdictAction.Deliver, "plain text: must pass");
    }

    /// <summary>The `.exe` row when there is one (what admins expect to see blocked), else the first blocking name row at any size.</summary>
    private AttachmentRule? BannedRule()
    {
        AttachmentRule? first = null;
        foreach (var rule in _policy.Attachments)
        {
            if (rule.Kind == AttachmentRuleKind.Header || rule.Size != 0 || rule.Action == RuleAction.Monitor || !IsSafeName(rule.Match))
            {
                continue;
            }

            if (rule.Kind == AttachmentRuleKind.Extension && rule.Match.Equals(".exe", StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }

            first ??= rule;
        }

        return first;
    }

    /// <summary>Only plain names go into the test mail's headers.</summary>
    private static bool IsSafeName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private string Marker(string kind) => $"vigil-test-install.{_run}.{kind}";

    private static string Boundary(string marker) => "=_" + marker;

    private string Header(string marker, string subject, bool multipart)
    {
        var at = _from.LastIndexOf('@');
        var host = at >= 0 ? _from[(at + 1)..] : "localhost";
        var sb = new StringBuilder();
        sb.Append("From: Vigil test-install <").Append(_from).Append(">\n");
        sb.Append("To: <").Append(_to).Append(">\n");
        sb.Append("Subject: Vigil test-install: ").Append(subject).Append('\n');
        sb.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Message-ID: <").Append(marker).Append('@').Append(host).Append(">\n");
        sb.Append("MIME-Version: 1.0\n");
        if (multipart)
        {
            sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary(marker)).Append("\"\n\n");
            sb.Append("This is a MIME message.\n\n");
        }

        return sb.ToString();
    }
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Recognises senders that must never get a notification because nobody reads the reply, or a
/// reply would loop or spam a list: the null sender, bounce and role addresses (MAILER-DAEMON,
/// postmaster, list owners and robots), and messages marked as automatic (`Auto-Submitted:` other
/// than "no", RFC 3834), bulk (`Precedence: bulk|list|junk`) or sent through a list (`List-Id:`).
/// </summary>
public static class AutomatedMail
{
    // Local parts a bounce or a list robot uses; compared case-insensitively.
    private static readonly string[] RoleLocalParts =
    [
        "mailer-daemon", "postmaster", "listserv", "majordomo", "mailman", "list-request",
        "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces",
    ];

    private static readonly string[] RolePrefixes = ["owner-", "bounce-", "bounces-"];

    private static readonly string[] RoleSuffixes = ["-request", "-owner", "-bounces", "-bounce", "-admin"];

    /// <summary>Why <paramref name="address"/> looks like a bounce or robot address, or null.</summary>
    public static string? WhyRoleAddress(string address)
    {
        var local = MailAddressText.LocalPart(address);

        // A VERP tail ("bounces+user=host") says nothing about whether a robot sends.
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }

        foreach (var role in RoleLocalParts)
        {
            if (local.Equals(role, StringComparison.OrdinalIgnoreCase))
            {
                return $"sender is a role address ({role})";
            }
        }

        foreach (var prefix in RolePrefixes)
        {
            if (local.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return $"sender is a list or bounce address ({prefix}...)";
            }
        }

        foreach (var suffix in RoleSuffixes)
        {
            if (local.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return $"sender is a list or bounce address (...{suffix})";
            }
        }

        return null;
    }

    /// <summary>Why the message's own headers mark it as automatic, bulk or list mail, or null.</summary>
    public static string? WhyAutomatic(IReadOnlyList<Header> headers)
    {
        // Only the top-level header block is consulted, and it is bounded by the parser's limits.
        foreach (var header in headers)
        {
            var name = header.Name;
            if (name.Equals("List-Id", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("List-Post", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("List-Unsubscribe", StringComparison.OrdinalIgnoreCase))
            {
                return $"mailing list message ({name}: present)";
            }

            var value = FirstWord(header.RawValue);
            if (name.Equals("Auto-Submitted", StringComparison.OrdinalIgnoreCase) &&
                value.Length > 0 && !value.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                return $"automatic message (Auto-Submitted: {HeaderText.Sanitize(value, 40)})";
            }

            if (name.Equals("Precedence", StringComparison.OrdinalIgnoreCase) &&
                (value.Equals("bulk", StringComparison.OrdinalIgnoreCase) ||
                 value.Equals("list", StringComparison.OrdinalIgnoreCase) ||
                 value.Equals("junk", StringComparison.OrdinalIgnoreCase)))
            {
                return $"bulk message (Precedence: {value.ToLowerInvariant()})";
            }
        }

        return null;
    }

    /// <summary>The first token of a header value, comments and parameters aside ("auto-replied; x=y" → "auto-replied").</summary>
    private static string FirstWord(string raw)
    {
        var span = raw.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && !char.IsWhiteSpace(span[end]) && span[end] is not ';' and not '(')
        {
            end++;
        }

        return span[..end].ToString();
    }
}

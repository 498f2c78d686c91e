namespace Vigil.Web.Users;

/// <summary>
/// A dashboard user: an admin sees and does everything; a reviewer sees and releases only the
/// mail of <see cref="Domains"/> (a message is theirs when one of its recipients is in one).
/// </summary>
public sealed record WebUser(string Name, string Role, IReadOnlyList<string> Domains)
{
    public const string Admin = "admin";
    public const string Reviewer = "reviewer";

    public bool IsAdmin => Role == Admin;

    /// <summary>The domains a query is limited to: empty for an admin (everything).</summary>
    public IReadOnlyList<string> Scope => IsAdmin ? [] : Domains;

    /// <summary>True when this user may see mail for <paramref name="address"/>.</summary>
    public bool Covers(string? address) => IsAdmin || (address is not null && Domains.Contains(DomainOf(address), StringComparer.OrdinalIgnoreCase));

    /// <summary>True when any of <paramref name="addresses"/> is this user's.</summary>
    public bool CoversAny(IEnumerable<string> addresses) => IsAdmin || addresses.Any(Covers);

    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return (at < 0 ? "" : address[(at + 1)..]).Trim().TrimEnd('>').ToLowerInvariant();
    }
}

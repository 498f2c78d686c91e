using System.Text.RegularExpressions;

namespace Vigil.Web.Users;

/// <summary>What a user name and a reviewer's domain may look like.</summary>
public static partial class UserNames
{
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool IsValidDomain(string domain) => DomainPattern().IsMatch(domain);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex DomainPattern();
}

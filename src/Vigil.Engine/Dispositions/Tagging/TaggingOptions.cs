using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// The tagging keys of the `options` file:
/// <code>
///   statusheader=no    # X-Vigil-Status on delivered mail: off by default, as QMVC argues (it
///                      # promises a safety nobody can guarantee and tells outsiders what checks
///                      # mail); Qmail-Scanner's optional X-Qmail-Scanner header is the same idea
///   spamheaders=yes    # X-Spam-Status / -Score / -Level / -Flag when a spam filter tagged the mail
/// </code>
/// </summary>
public static class TaggingOptions
{
    public const string StatusHeaderKey = "statusheader";
    public const string SpamHeadersKey = "spamheaders";

    public static bool StatusHeader(PolicyOptions options) => options.GetBool(StatusHeaderKey, false);

    public static bool SpamHeaders(PolicyOptions options) => options.GetBool(SpamHeadersKey, true);

    /// <summary>One message per tagging key that is set but not yes/no; empty when all are valid.</summary>
    public static IReadOnlyList<string> Validate(PolicyOptions options)
    {
        List<string>? errors = null;
        foreach (var key in (ReadOnlySpan<string>)[StatusHeaderKey, SpamHeadersKey])
        {
            if (options.Get(key) is { } v && options.GetBool(key, true) != options.GetBool(key, false))
            {
                (errors ??= []).Add($"{key}: '{v}' is not yes or no");
            }
        }

        return errors ?? (IReadOnlyList<string>)[];
    }
}

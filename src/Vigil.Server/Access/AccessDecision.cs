namespace Vigil.Server.Access;

/// <summary>
/// What the client rules say about one connection: whether it may talk to us, whether it may relay
/// (qmail's RELAYCLIENT), and the rule's variables (VIGIL_PROFILE and any others, handed to the
/// engine's command-API scanners the way tcpserver's environment reaches `vigil queue`).
/// </summary>
public sealed record AccessDecision(bool Allowed, bool RelayClient, IReadOnlyDictionary<string, string> Variables, string Rule)
{
    /// <summary>The variable naming a profile directory for the client's mail (as for `vigil queue`).</summary>
    public const string ProfileVariable = "VIGIL_PROFILE";

    /// <summary>The variable that lets a client (a Postfix in front) send XCLIENT and XFORWARD, e.g. `127.0.0.1:allow,RELAYCLIENT="",VIGIL_XCLIENT="1"`.</summary>
    public const string ForwardingVariable = "VIGIL_XCLIENT";

    public static AccessDecision Default { get; } = new(true, false, new Dictionary<string, string>(StringComparer.Ordinal), "(no rule)");

    /// <summary>The profile directories this client's mail is judged under.</summary>
    public IReadOnlyList<string> Profiles => Variables.TryGetValue(ProfileVariable, out var dir) && dir.Length > 0 ? [dir] : [];
}

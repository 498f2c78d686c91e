namespace Vigil.Store.Location;

/// <summary>
/// The name a node writes in the store's rows and the shared quarantine: VIGIL_NODE when set
/// (two gateways on one host, or a name other than the host's), else the host name.
/// </summary>
public static class NodeName
{
    public const string Variable = "VIGIL_NODE";

    public static string Current => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? name.Trim() : Environment.MachineName;
}

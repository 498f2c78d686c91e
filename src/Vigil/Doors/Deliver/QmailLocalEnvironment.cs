namespace Vigil.Doors.Deliver;

/// <summary>
/// The variables qmail-local sets for a dot-qmail program (qmail-command(8)), read once so the
/// engine hands them, untouched, to command-API programs per message.
/// </summary>
public static class QmailLocalEnvironment
{
    /// <summary>Every variable qmail-local documents for delivery programs.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["SENDER", "RECIPIENT", "LOCAL", "HOST", "EXT", "EXT2", "EXT3", "EXT4", "USER", "HOME", "DTLINE", "RPLINE", "UFLINE"];

    /// <summary>Those of <see cref="Names"/> that are set in this process's environment.</summary>
    public static IReadOnlyDictionary<string, string> Variables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}

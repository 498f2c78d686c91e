namespace Vigil.Server.Local;

/// <summary>
/// Which policy a daemon judges under: its control directory and --clamd scanners. A door whose
/// own differ is told <see cref="LocalReplyStatus.NotThisPolicy"/> and judges the message itself,
/// so the socket never changes a verdict.
/// </summary>
public sealed record LocalPolicyIdentity(string? ControlDirectory, IReadOnlyList<string> ClamdAddresses)
{
    public static string? Normalize(string? directory) =>
        directory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public bool Matches(LocalRequest request) =>
        string.Equals(Normalize(ControlDirectory), Normalize(request.ControlDirectory), StringComparison.Ordinal)
        && ClamdAddresses.SequenceEqual(request.ClamdAddresses, StringComparer.Ordinal);
}

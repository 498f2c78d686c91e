namespace Vigil.Doors.Deliver;

/// <summary>
/// The profile directories QMVC's <c>-u</c> and <c>-c BASEDIR</c> name, least specific first (the
/// order of <c>--profile</c>), over the system control directory. An "extended profile" is a
/// directory holding <c>control/</c> (and perhaps <c>tpl/</c>, which the notice templates read):
/// <c>-u</c> means the user's <c>~/qmvc</c> and Vigil's own <c>~/vigil</c>, the latter laid over the
/// former so a file in <c>~/vigil/control</c> wins; <c>-c BASEDIR</c> means <c>BASEDIR</c>, over the
/// user's profile, which is over the system default (seed 001: "Otherwise, qmvc will use the local
/// control and template directory or the system defaults as fall back"). Layering is file by file,
/// so a fall-back applies to each file a more specific profile does not have.
/// </summary>
public static class DeliverProfiles
{
    /// <summary>The user profile roots under HOME, least specific first.</summary>
    public static IReadOnlyList<string> UserRoots { get; } = ["qmvc", "vigil"];

    /// <summary>
    /// The <c>--profile</c> directories for <paramref name="parsed"/>; a BASEDIR without a control
    /// directory is a warning (a mistyped path must not pass silently as "the system default").
    /// </summary>
    public static List<string> Resolve(DeliverArguments parsed, string? home, List<string> warnings)
    {
        var dirs = new List<string>();
        if ((parsed.UserProfile || parsed.BaseDirectory is not null) && home is { Length: > 0 })
        {
            foreach (var root in UserRoots)
            {
                var control = Path.Combine(home, root, "control");
                if (Directory.Exists(control))
                {
                    dirs.Add(control);
                }
            }
        }

        if (parsed.BaseDirectory is { } baseDir)
        {
            var control = Path.Combine(baseDir, "control");
            if (Directory.Exists(control))
            {
                dirs.Add(control);
            }
            else
            {
                warnings.Add($"-c {baseDir}: no directory {control}; using {(dirs.Count > 0 ? dirs[^1] : "the system control directory")}");
            }
        }

        return dirs;
    }
}

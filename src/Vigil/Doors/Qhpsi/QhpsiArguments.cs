namespace Vigil.Doors.Qhpsi;

/// <summary>
/// A QHPSI-patched qmail-queue runs its scanner as <c>$QHPSI messfile $QHPSIARG1 $QHPSIARG2
/// $QHPSIARG3</c>: the queue file comes first, before the configured arguments. With
/// <c>QHPSI=/usr/local/bin/vigil QHPSIARG1=scan</c> that is <c>vigil mess/4/89439 scan</c>, which
/// this turns into <c>vigil scan mess/4/89439</c> (further QHPSIARGs, e.g. <c>--control DIR</c>,
/// go before the file). Only that exact shape is rewritten: a file name in the verb's place
/// followed by `scan`. There fd 1 is still qmail-queue's envelope pipe (open for reading), so the
/// caller must write the verdict line to stderr.
/// </summary>
public static class QhpsiArguments
{
    /// <summary>The arguments in Vigil's order, and whether they came in QHPSI's.</summary>
    public static (string[] Args, bool FromQhpsi) Normalize(string[] args, Func<string, bool> isVerb) =>
        args.Length >= 2 && args[1] == "scan" && !isVerb(args[0]) && !args[0].StartsWith('-')
            ? (["scan", .. args[2..], args[0]], true)
            : (args, false);
}

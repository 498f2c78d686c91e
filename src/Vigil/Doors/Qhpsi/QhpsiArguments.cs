namespace Vigil.Doors.Qhpsi;

/// <summary>
/// A QHPSI-patched qmail-queue runs its scanner as <c>$QHPSI messfile $QHPSIARG1 $QHPSIARG2
/// $QHPSIARG3</c>: the queue file first, then the configured arguments. That shape is recognised
/// when the word after the file is <c>scan</c> (<c>QHPSI=/usr/local/bin/vigil QHPSIARG1=scan</c>)
/// or when QHPSI is set in the environment (qmail-queue passes its environment on, so
/// <c>QHPSI=vigil QHPSIARG1=--disable-summary</c>, copied from a clamdscan set-up, works too).
/// <para>
/// Of the QHPSIARGs, Vigil's own scan options (<c>--control DIR</c>, <c>--profile DIR</c>,
/// <c>--clamd ADDR</c>, <c>--sender ADDR</c>, <c>--json</c>, <c>-v</c>) are kept; any other word
/// was meant for another scanner (clamdscan's <c>--disable-summary</c>, uvscan's <c>--secure</c>)
/// and is ignored with a note, never a usage error that would make qmail-queue answer 454 to
/// every message.
/// </para>
/// </summary>
public static class QhpsiArguments
{
    private static readonly HashSet<string> OptionsWithValue = ["--control", "-c", "--profile", "--clamd", "--sender"];
    private static readonly HashSet<string> Flags = ["--json", "-v", "--verbose"];

    /// <summary>The QHPSI call in <paramref name="args"/>, or null when they are an ordinary command line.</summary>
    /// <param name="getEnvironment">Reads an environment variable (QHPSI, QHPSIRC, QHPSIMINSIZE, QHPSIMAXSIZE).</param>
    public static QhpsiCall? Recognize(string[] args, Func<string, bool> isVerb, Func<string, string?> getEnvironment)
    {
        if (args.Length == 0 || isVerb(args[0]) || args[0].StartsWith('-') || args[0].Length == 0)
        {
            return null;
        }

        var scanWord = args.Length >= 2 && args[1] == "scan";
        if (!scanWord && string.IsNullOrEmpty(getEnvironment("QHPSI")))
        {
            return null;
        }

        var kept = new List<string> { "scan" };
        var ignored = new List<string>();
        for (var i = scanWord ? 2 : 1; i < args.Length; i++)
        {
            var a = args[i];
            if (OptionsWithValue.Contains(a) && i + 1 < args.Length)
            {
                kept.Add(a);
                kept.Add(args[++i]);
            }
            else if (Flags.Contains(a) || a.StartsWith("--control=", StringComparison.Ordinal))
            {
                kept.Add(a);
            }
            else
            {
                ignored.Add(a);
            }
        }

        kept.Add("--");
        kept.Add(args[0]);
        return new QhpsiCall(args[0], [.. kept], ignored, QhpsiEnvironment.Read(getEnvironment));
    }
}

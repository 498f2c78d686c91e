using System.Globalization;

namespace Vigil.Doors.Qhpsi;

/// <summary>
/// The QHPSI variables that change what a scanner's exit means or whether it runs, as the QHPSI
/// README and qmail-queue give them: QHPSIRC is the exit code that means "infected" (default 1;
/// uvscan's set-ups say 13); any other non-zero exit makes qmail-queue answer 454. QHPSIMINSIZE and
/// QHPSIMAXSIZE (bytes, 0 = no bound) make qmail-queue skip the scanner for smaller or larger
/// messages: those pass unscanned and Vigil never sees them. Vigil does not copy that skip (a
/// message it is handed is always judged) but says, each call, that the bound lets mail through.
/// </summary>
public sealed record QhpsiEnvironment(int InfectedExit, long MinSize, long MaxSize)
{
    public const int DefaultInfectedExit = 1;

    public static QhpsiEnvironment Read(Func<string, string?> getEnvironment) =>
        new(Number(getEnvironment("QHPSIRC")) is { } rc and <= 255 ? (int)rc : DefaultInfectedExit,
            Number(getEnvironment("QHPSIMINSIZE")) ?? 0,
            Number(getEnvironment("QHPSIMAXSIZE")) ?? 0);

    /// <summary>The exit that makes qmail-queue defer (454): Vigil's 2, unless QHPSIRC is 2.</summary>
    public int DeferExit => InfectedExit == 2 ? 111 : 2;

    /// <summary>What the size bounds let through unscanned, or null when none is set.</summary>
    public string? UnscannedWarning() =>
        (MinSize > 0, MaxSize > 0) switch
        {
            (true, true) => $"QHPSIMINSIZE={MinSize} and QHPSIMAXSIZE={MaxSize} make qmail-queue pass smaller and larger messages unscanned",
            (true, false) => $"QHPSIMINSIZE={MinSize} makes qmail-queue pass smaller messages unscanned",
            (false, true) => $"QHPSIMAXSIZE={MaxSize} makes qmail-queue pass larger messages unscanned; unset it and let Vigil judge them (its maxmessagesize option blocks big ones)",
            _ => null,
        };

    /// <summary>`vigil scan`'s exit (0 clean, 1 blocked, 2 error) as qmail-queue must see it.</summary>
    public int Map(int scanExit) => scanExit switch
    {
        0 => 0,
        1 => InfectedExit,
        _ => DeferExit,
    };

    // qmail-queue reads them with scan_ulong: leading digits; anything else counts as unset here.
    private static long? Number(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

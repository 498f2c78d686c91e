namespace Vigil.Store.Reports;

/// <summary>One colour per verdict, the same on every chart and legend.</summary>
internal static class VerdictColors
{
    public static readonly string[] Order = ["clean", "spam", "virus", "policy", "format", "limits", "error"];

    public static string Of(string verdict) => verdict switch
    {
        "clean" => "#4c9f70",
        "spam" => "#e0a526",
        "virus" => "#c9453b",
        "policy" => "#7b5cc4",
        "format" => "#3b7fc9",
        "limits" => "#8a93a3",
        "error" => "#1d2330",
        _ => "#b7bdc7",
    };
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis;

/// <summary>`vigil inspect` and the dashboard's message page: the MIME tree with names, types, sizes and anomalies, for an admin who wants to see why.</summary>
public static class TreePrinter
{
    public static void Print(TextWriter output, string path, MessageAnalysis analysis)
    {
        output.WriteLine($"{path} ({analysis.MessageSize} bytes)");
        if (analysis.Subject.Length > 0)
        {
            output.WriteLine($"Subject: {analysis.Subject}");
        }

        foreach (var e in analysis.Entities)
        {
            var depth = Depth(e);
            var indent = new string(' ', 2 + (depth * 2));
            var label = e.Path.Length == 0 ? "message" : e.Path;
            var parts = new List<string> { $"[{e.Source.ToString().ToLowerInvariant()}]" };
            if (e.DeclaredType is { } declared)
            {
                parts.Add($"declared {declared}");
            }

            if (e.Detected is { } detected)
            {
                parts.Add($"is {detected.Description}" + (detected.HasMacros ? " with macros" : ""));
            }

            if (!e.IsContainer)
            {
                parts.Add($"{e.DeclaredSize ?? e.Size} bytes");
            }

            if (e.TransferEncoding is { } cte)
            {
                parts.Add(cte);
            }

            if (e.IsEncrypted)
            {
                parts.Add("encrypted");
            }

            if (e.IsUnreadable)
            {
                parts.Add("unreadable");
            }

            output.WriteLine($"{indent}{label} {string.Join(", ", parts)}");
            foreach (var n in e.Names)
            {
                var shown = n.Raw == n.Normalized ? $"\"{n.Raw}\"" : $"\"{n.Raw}\" -> \"{n.Normalized}\"";
                output.WriteLine($"{indent}  name {shown} ({n.Source})");
            }

            foreach (var a in analysis.Anomalies)
            {
                if (a.PartPath == e.Path)
                {
                    output.WriteLine($"{indent}  ! {a.Code}{(a.Severity == AnomalySeverity.Format ? " [format]" : "")}: {a.Detail}");
                }
            }
        }

        foreach (var hit in analysis.LimitHits)
        {
            output.WriteLine($"  ! limit {hit.Limit} at {(hit.PartPath.Length == 0 ? "message" : hit.PartPath)}: {hit.Detail}");
        }

        if (analysis.SecondView is { } second)
        {
            SecondParser.SecondViewPrinter.Print(output, second);
        }
    }

    private static int Depth(Entity e)
    {
        var d = 0;
        for (var p = e.Parent; p is not null; p = p.Parent)
        {
            d++;
        }

        return d;
    }
}

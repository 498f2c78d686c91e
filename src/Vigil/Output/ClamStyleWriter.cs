using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;

namespace Vigil.Output;

/// <summary>
/// clamdscan-style lines: <c>PATH: OK</c> or <c>PATH: &lt;rule&gt; FOUND</c>; with verbose, the
/// findings and anomalies indented below.
/// </summary>
public sealed class ClamStyleWriter(TextWriter output, bool verbose)
{
    public void Write(string path, Judgement result)
    {
        var verdict = result.Verdict;
        if (verdict.Worst is null)
        {
            output.Write(path);
            output.WriteLine(": OK");
        }
        else if (verdict.Worst.Category == Engine.Verdicts.FindingCategory.Error)
        {
            output.WriteLine($"{path}: {verdict.Worst.Detail} ERROR");
        }
        else
        {
            output.WriteLine($"{path}: {verdict.Worst.Rule} FOUND");
        }

        if (!verbose)
        {
            return;
        }

        foreach (var f in verdict.Findings)
        {
            var where = f.PartPath.Length == 0 ? "message" : "part " + f.PartPath;
            output.WriteLine($"  {f.Category.Word()}: {f.Rule} ({f.Detail}) in {where}");
        }

        if (result.Analysis is { } analysis)
        {
            foreach (var a in analysis.Anomalies)
            {
                if (a.Severity == AnomalySeverity.Notice)
                {
                    output.WriteLine($"  notice: {a.Code} ({a.Detail}) in {(a.PartPath.Length == 0 ? "message" : "part " + a.PartPath)}");
                }
            }
        }
    }
}

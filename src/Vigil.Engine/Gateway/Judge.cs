using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Gateway;

/// <summary>The policy and scanners of one profile (a stack of control directories), hot-reloaded; one per profile per gateway.</summary>
internal sealed record Judge(PolicyProvider Policy, ScannerProvider Scanners, MessageJudge Messages)
{
    /// <summary>Every error of the files in force now (policy and `scanners`), as `file:line: text`; empty when none.</summary>
    public List<string> CurrentErrors()
    {
        var errors = new List<string>();
        foreach (var e in Policy.Current.Report.Errors)
        {
            errors.Add(e.ToString());
        }

        foreach (var e in Scanners.Current.ConfigErrors)
        {
            errors.Add(e.ToString() ?? "");
        }

        return errors;
    }
}

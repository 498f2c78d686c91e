using Vigil.Engine.Analysis;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Policy.Evaluation;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;

namespace Vigil.Engine.Policy;

/// <summary>
/// Judges a taken-apart message against the control directory's rules. It reads only the
/// analysis (names, types, sizes, anomalies, limits, decoded text) and never the raw message:
/// <list type="bullet">
/// <item>Policy: badsubjects (the decoded Subject), badheaders (unfolded values of the named
/// top-level header), badfilenames and the attachments table (every name candidate, normalised and
/// raw), badmimetypes (detected description, MIME type and id, and the declared type),
/// badbodytexts (text parts decoded by charset, up to `maxbodyscan` bytes each), executables found
/// by content (`blockexecutables`), encrypted archive members (`encryptedarchives`), archives or members that could not be
/// read (`unreadablearchives`), and the
/// `maxmessagesize` / `maxattachmentsize` options (attachments: leaves outside archives).</item>
/// <item>Format: every anomaly of <see cref="AnomalySeverity.Format"/> when the `format` filter is on.</item>
/// <item>Limits: every limit reached, always (an unchecked part is never silently clean).</item>
/// <item>Error: a pattern that ran out of time.</item>
/// </list>
/// Per-file checks include archive members only when the `archives` filter is on.
/// </summary>
public sealed class PolicyEvaluator
{
    private readonly Func<PolicySet> _policy;

    /// <summary>A scanner with a fixed policy.</summary>
    public PolicyEvaluator(PolicySet policy)
    {
        _policy = () => policy;
    }

    /// <summary>A scanner that asks the provider once per message (and so picks up edited control files).</summary>
    public PolicyEvaluator(PolicyProvider provider)
    {
        _policy = () => provider.Current;
    }

    /// <summary>
    /// A binary executable is one whatever it is called. A script, though, only runs when saved
    /// under a name its host claims, so an unnamed text body that quotes `CreateObject(` is
    /// mail, not a VBScript: script detections count for named entities only.
    /// </summary>
    private static bool CanRun(Entity entity, Mime.Model.DetectedType detected) =>
        detected.Kind != ContentKind.Script || entity.Names.Count > 0;

    public IReadOnlyList<Finding> Evaluate(MessageAnalysis analysis)
    {
        var policy = _policy();
        var sink = new FindingSink();
        var filters = policy.Filters;

        if (filters.Subject)
        {
            CheckSubject(policy, analysis.Subject, sink);
        }

        if (filters.Headers)
        {
            CheckHeaders(policy, analysis.Root, sink);
        }

        CheckMessageSize(policy, analysis, sink);

        foreach (var entity in analysis.Entities)
        {
            CheckEntity(policy, analysis.Root, entity, sink);
        }

        if (filters.Format)
        {
            foreach (var anomaly in analysis.Anomalies)
            {
                if (anomaly.Severity == AnomalySeverity.Format)
                {
                    sink.Add(FindingCategory.Format, "format:" + anomaly.Code, anomaly.Detail, anomaly.PartPath);
                }
            }
        }

        foreach (var hit in analysis.LimitHits)
        {
            sink.Add(FindingCategory.Limits, "limits:" + hit.Limit, hit.Detail, hit.PartPath);
        }

        return sink.Findings;
    }

    private static void CheckSubject(PolicySet policy, string subject, FindingSink sink)
    {
        foreach (var rule in policy.BadSubjects)
        {
            if (sink.IsMatch(rule.Regex, rule.Name, subject, "", "the subject"))
            {
                sink.Add(FindingCategory.Policy, rule.Name, $"subject '{Printable.Of(subject)}'", "", rule.Action);
            }
        }
    }

    private static void CheckHeaders(PolicySet policy, Entity root, FindingSink sink)
    {
        // Most attachment rows match names; pick out the header rows once per message rather than
        // walking every row for every header (that walk was a tenth of the scan time of a corpus).
        List<AttachmentRule>? headerRows = null;
        foreach (var row in policy.Attachments)
        {
            if (row.Kind == AttachmentRuleKind.Header)
            {
                (headerRows ??= []).Add(row);
            }
        }

        if (headerRows is null && policy.BadHeaders.Count == 0)
        {
            return;
        }

        foreach (var header in root.Headers)
        {
            foreach (var rule in policy.BadHeaders)
            {
                if (string.Equals(header.Name, rule.HeaderName, StringComparison.OrdinalIgnoreCase)
                    && !sink.Has(rule.Name, "")
                    && sink.IsMatch(rule.Regex, rule.Name, header.RawValue, "", "header " + header.Name))
                {
                    sink.Add(FindingCategory.Policy, rule.Name, $"{header.Name}: {Printable.Of(header.RawValue)}", "", rule.Action);
                }
            }

            if (headerRows is null)
            {
                continue;
            }

            foreach (var row in headerRows)
            {
                if (string.Equals(header.Name, row.HeaderName, StringComparison.OrdinalIgnoreCase)
                    && header.RawValue.Contains(row.Match, StringComparison.OrdinalIgnoreCase))
                {
                    sink.Add(FindingCategory.Policy, row.Name, $"{header.Name}: {Printable.Of(header.RawValue)} ({row.Description})", "", row.Action);
                }
            }
        }
    }

    private static void CheckMessageSize(PolicySet policy, MessageAnalysis analysis, FindingSink sink)
    {
        var max = policy.Options.MaxMessageSize;
        if (max > 0 && analysis.MessageSize > max)
        {
            sink.Add(FindingCategory.Policy, "size:" + PolicyOptions.MaxMessageSizeKey, $"message is {analysis.MessageSize} bytes, more than {max}", "");
        }
    }

    private static void CheckEntity(PolicySet policy, Entity root, Entity entity, FindingSink sink)
    {
        var filters = policy.Filters;
        var inArchive = entity.ArchiveDepth > 0;

        if (entity.IsEncrypted && filters.EncryptedArchives)
        {
            sink.Add(FindingCategory.Policy, "encrypted-archive", $"{Describe(entity)} is encrypted and cannot be checked", entity.Path);
        }

        if (entity.IsUnreadable && filters.UnreadableArchives)
        {
            sink.Add(FindingCategory.Policy, "unreadable-archive", $"{Describe(entity)} could not be read in full and was not checked", entity.Path);
        }

        if (inArchive && !filters.Archives)
        {
            return;
        }

        if (filters.FileName)
        {
            CheckNames(policy, entity, sink);
        }

        if (filters.MimeType)
        {
            CheckTypes(policy, entity, sink);
        }

        if (entity.Detected is { IsExecutable: true } detected && policy.Options.BlockExecutables && CanRun(entity, detected))
        {
            sink.Add(FindingCategory.Policy, "executable:" + detected.Id, $"{Describe(entity)} is {detected.Description}", entity.Path);
        }

        var maxAttachment = policy.Options.MaxAttachmentSize;
        if (maxAttachment > 0 && !inArchive && !ReferenceEquals(entity, root) && !entity.IsContainer && entity.Size > maxAttachment)
        {
            sink.Add(FindingCategory.Policy, "size:" + PolicyOptions.MaxAttachmentSizeKey, $"{Describe(entity)} is {entity.Size} bytes, more than {maxAttachment}", entity.Path);
        }

        if (filters.Body && policy.BadBodyTexts.Count > 0 && BodyTextReader.IsText(entity))
        {
            CheckBody(policy, entity, sink);
        }
    }

    private static void CheckNames(PolicySet policy, Entity entity, FindingSink sink)
    {
        foreach (var candidate in entity.Names)
        {
            CheckName(policy, entity, candidate.Normalized, sink);
            if (!string.Equals(candidate.Raw, candidate.Normalized, StringComparison.Ordinal))
            {
                CheckName(policy, entity, candidate.Raw, sink);
            }
        }
    }

    private static void CheckName(PolicySet policy, Entity entity, string name, FindingSink sink)
    {
        var path = entity.Path;
        foreach (var rule in policy.BadFileNames)
        {
            if (!sink.Has(rule.Name, path) && sink.IsMatch(rule.Regex, rule.Name, name, path, "file name"))
            {
                sink.Add(FindingCategory.Policy, rule.Name, $"file name '{Printable.Of(name)}'", path, rule.Action);
            }
        }

        foreach (var row in policy.Attachments)
        {
            if (row.Kind != AttachmentRuleKind.Header
                && !sink.Has(row.Name, path)
                && row.MatchesName(name)
                && row.MatchesSize(entity.Size, entity.DeclaredSize))
            {
                var description = row.Description.Length > 0 ? ": " + row.Description : "";
                sink.Add(FindingCategory.Policy, row.Name, $"file name '{Printable.Of(name)}' ({entity.Size} bytes){description}", path, row.Action);
            }
        }
    }

    private static void CheckTypes(PolicySet policy, Entity entity, FindingSink sink)
    {
        if (policy.BadMimeTypes.Count == 0)
        {
            return;
        }

        var detected = entity.Detected;
        CheckType(policy, entity, detected?.Description, sink);
        CheckType(policy, entity, detected?.MimeType, sink);
        CheckType(policy, entity, detected?.Id, sink);
        CheckType(policy, entity, entity.DeclaredType, sink);
    }

    private static void CheckType(PolicySet policy, Entity entity, string? type, FindingSink sink)
    {
        if (string.IsNullOrEmpty(type))
        {
            return;
        }

        var path = entity.Path;
        foreach (var rule in policy.BadMimeTypes)
        {
            if (!sink.Has(rule.Name, path) && sink.IsMatch(rule.Regex, rule.Name, type, path, "the type"))
            {
                sink.Add(FindingCategory.Policy, rule.Name, $"{Describe(entity)} has type '{Printable.Of(type)}'", path, rule.Action);
            }
        }
    }

    private static void CheckBody(PolicySet policy, Entity entity, FindingSink sink)
    {
        var text = BodyTextReader.Read(entity, policy.Options.MaxBodyScan);
        if (text.Length == 0)
        {
            return;
        }

        var path = entity.Path;
        foreach (var rule in policy.BadBodyTexts)
        {
            if (!sink.Has(rule.Name, path) && sink.IsMatch(rule.Regex, rule.Name, text, path, "the body text"))
            {
                sink.Add(FindingCategory.Policy, rule.Name, $"text of {Describe(entity)}", path, rule.Action);
            }
        }
    }

    private static string Describe(Entity entity)
    {
        var name = entity.FileName;
        if (name is not null)
        {
            return $"'{Printable.Of(name)}'";
        }

        return entity.Path.Length == 0 ? "the message" : "part " + Printable.Of(entity.Path);
    }
}

using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Mime.Model;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// The crypto a message uses, in the words of Qmail-Scanner's "CR:" log component (seed 002,
/// `--log-crypto`): "PGP(signed)", "PGP(encrypted)" for PGP/MIME, "SMIME(signed)",
/// "SMIME(encrypted)" for S/MIME, "ZIP(encrypted)" (or RAR, 7Z...: the archive's type) for a
/// password-protected archive, "DomKeys" for a DomainKey-Signature. Each label once, in the order
/// found. PGP inline in a text body ("old-signed") is not looked for.
/// </summary>
public static class CryptoLabels
{
    public const int MaxLabels = 8;

    public static IReadOnlyList<string> Of(MessageAnalysis? analysis)
    {
        if (analysis is null)
        {
            return [];
        }

        var labels = new List<string>();
        if (MessageHeaders.Get(analysis.Root.Headers, "DomainKey-Signature") is not null)
        {
            Add(labels, "DomKeys");
        }

        foreach (var entity in analysis.Entities)
        {
            if (labels.Count >= MaxLabels)
            {
                break;
            }

            if (entity.IsEncrypted)
            {
                var archive = entity.Parent?.Detected?.Id is { Length: > 0 } id ? id.ToUpperInvariant() : "ARCHIVE";
                Add(labels, archive + "(encrypted)");
            }

            if (Mime(entity) is { } mime)
            {
                Add(labels, mime);
            }
        }

        return labels;
    }

    private static string? Mime(Entity entity)
    {
        var type = MessageHeaders.Get(entity.Headers, "Content-Type");
        if (type is null)
        {
            return null;
        }

        var t = type.ToLowerInvariant();
        if (t.StartsWith("multipart/signed", StringComparison.Ordinal))
        {
            return t.Contains("pgp-signature", StringComparison.Ordinal) ? "PGP(signed)"
                : t.Contains("pkcs7-signature", StringComparison.Ordinal) ? "SMIME(signed)" : null;
        }

        if (t.StartsWith("multipart/encrypted", StringComparison.Ordinal))
        {
            return t.Contains("pgp-encrypted", StringComparison.Ordinal) ? "PGP(encrypted)" : null;
        }

        if (t.StartsWith("application/pkcs7-mime", StringComparison.Ordinal) || t.StartsWith("application/x-pkcs7-mime", StringComparison.Ordinal))
        {
            return t.Contains("signed-data", StringComparison.Ordinal) ? "SMIME(signed)" : "SMIME(encrypted)";
        }

        return null;
    }

    private static void Add(List<string> labels, string label)
    {
        if (!labels.Contains(label))
        {
            labels.Add(label);
        }
    }
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// Vigil's side of the comparison: the fingerprints of every MIME-level leaf it decoded (its
/// alternative readings included: content one of them shows is content Vigil saw), every file
/// name it read, and its primary reading's leaves (no alternative, guessed or found-inside
/// entity), which MimeKit should see too.
/// </summary>
internal sealed class VigilView
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    private VigilView()
    {
    }

    public HashSet<string> Fingerprints { get; } = new(StringComparer.Ordinal);

    /// <summary>Vigil's primary leaves, each with the fingerprints that count as the same content.</summary>
    public List<(string Path, string[] Fingerprints)> PrimaryLeaves { get; } = [];

    public bool HasName(string name) => _names.Contains(name.Trim()) || _names.Contains(Mime.Names.FileNameNormalizer.Normalize(name));

    public static VigilView Of(Entity root, IReadOnlyList<Anomaly> anomalies)
    {
        var view = new VigilView();
        var truncated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in anomalies)
        {
            if (a.Code == AnomalyCodes.Base64Truncated)
            {
                truncated.Add(a.PartPath);
            }
        }

        foreach (var entity in root.DescendantsAndSelf())
        {
            foreach (var name in entity.Names)
            {
                view._names.Add(name.Raw.Trim());
                view._names.Add(name.Normalized);
            }

            if (entity.Source is not (EntitySource.MimePart or EntitySource.Message) || entity.Content is not { Length: > 0 } content)
            {
                continue;
            }

            // base64 that ends inside a quantum: Vigil keeps the one or two whole bytes it holds,
            // MimeKit drops them; the same content either way.
            var fingerprints = truncated.Contains(entity.Path)
                ? [Of(content, 0), Of(content, 1), Of(content, 2)]
                : new[] { Of(content, 0) };
            view.Fingerprints.UnionWith(fingerprints);
            if (!entity.Path.Contains('#') && fingerprints[0] != SecondParserCheck.Fingerprint([])
                && SecondParserCheck.CarriesFile(entity.DeclaredType ?? "text/plain", entity.FileName))
            {
                view.PrimaryLeaves.Add((entity.Path, fingerprints));
            }
        }

        return view;
    }

    /// <summary>The fingerprint of the content without its last <paramref name="drop"/> bytes.</summary>
    private static string Of(Mime.Spooling.ContentSpool content, int drop)
    {
        using var stream = content.OpenRead();
        using var fingerprint = new ContentFingerprint();
        var left = Math.Max(0, content.Length - drop);
        var buffer = new byte[(int)Math.Min(64 * 1024, Math.Max(1, left))];
        while (left > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0)
            {
                break;
            }

            fingerprint.Write(buffer.AsSpan(0, n));
            left -= n;
        }

        return fingerprint.Finish();
    }
}

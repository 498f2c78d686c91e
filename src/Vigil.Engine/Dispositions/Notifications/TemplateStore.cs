using System.Collections.Concurrent;
using System.Text;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Finds the template for a language, kind and audience: `templates/&lt;lang&gt;/&lt;kind&gt;-&lt;audience&gt;.txt`
/// (e.g. templates/de/virus-sender.txt) in the most specific control directory holding it (or in
/// `tpl/` beside a profile's `control/`, QMVC's layout), else
/// the built-in text for that language, else the same two steps for English. Built-in texts are
/// embedded in the assembly for the 14 languages Qmail-Scanner ships (seed 002): en, de, fr, es,
/// it, af, pl, sv, cs, tr, lt, pt, nl and zh. Template names are built from enums and a
/// checked language code, never from message data.
/// </summary>
public sealed class TemplateStore
{
    public const string DirectoryName = "templates";
    /// <summary>QMVC's template directory beside a profile's `control/` (seed 000, 5.1).</summary>
    public const string ProfileTemplateDirectory = "tpl";

    public const int MaxTemplateBytes = 64 * 1024;

    private const string ResourcePrefix = "Vigil.Engine.Dispositions.Templates.";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> BuiltInTexts = new(LoadBuiltIns);

    private readonly ControlLayers _layers;
    private readonly ConcurrentDictionary<string, NotificationTemplate> _cache = new(StringComparer.Ordinal);

    public TemplateStore(ControlLayers layers)
    {
        _layers = layers;
    }

    /// <summary>Built-in templates only.</summary>
    public static TemplateStore BuiltIn { get; } = new(ControlLayers.None);

    /// <summary>The languages that have built-in templates.</summary>
    public static IReadOnlyList<string> BuiltInLanguages { get; } = ["en", "de", "fr", "es", "it", "af", "pl", "sv", "cs", "tr", "lt", "pt", "nl", "zh"];

    /// <summary>The file name of a template, e.g. "virus-sender.txt".</summary>
    public static string FileName(NotificationKind kind, NotificationAudience audience) =>
        $"{kind.ToString().ToLowerInvariant()}-{audience.ToString().ToLowerInvariant()}.txt";

    /// <summary>The built-in text of a template, or null when that language has none.</summary>
    public static string? BuiltInText(string language, NotificationKind kind, NotificationAudience audience) =>
        BuiltInTexts.Value.TryGetValue(language + "/" + FileName(kind, audience), out var text) ? text : null;

    /// <summary>The template to use, and the language it is really in (English when the wanted one has none).</summary>
    public NotificationTemplate Get(string language, NotificationKind kind, NotificationAudience audience)
    {
        if (!LanguageChooser.IsLanguageCode(language))
        {
            language = LanguageChooser.DefaultLanguage;
        }

        var key = language + "/" + FileName(kind, audience);
        return _cache.GetOrAdd(key, _ => Find(language, kind, audience) ?? Find(LanguageChooser.DefaultLanguage, kind, audience)
            ?? NotificationTemplate.Parse("", "(none)"));
    }

    private NotificationTemplate? Find(string language, NotificationKind kind, NotificationAudience audience)
    {
        var name = FileName(kind, audience);
        var path = Resolve(language, name);
        if (path is not null && TryReadFile(path) is { } text)
        {
            return NotificationTemplate.Parse(text, path);
        }

        var builtIn = BuiltInText(language, kind, audience);
        return builtIn is null ? null : NotificationTemplate.Parse(builtIn, $"(built-in)/{language}/{name}");
    }

    /// <summary>
    /// The most specific layer's template file: `templates/` inside the control directory, or, for
    /// a QMVC-style extended profile (`BASE/control` beside `BASE/tpl`), `BASE/tpl/`.
    /// </summary>
    private string? Resolve(string language, string name)
    {
        foreach (var dir in _layers.Directories)
        {
            var inside = Path.Combine(dir, DirectoryName, language, name);
            if (File.Exists(inside))
            {
                return inside;
            }

            if (Path.GetFileName(dir) == "control" && Path.GetDirectoryName(dir) is { } profileRoot)
            {
                var beside = Path.Combine(profileRoot, ProfileTemplateDirectory, language, name);
                if (File.Exists(beside))
                {
                    return beside;
                }
            }
        }

        return null;
    }

    private static string? TryReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[(int)Math.Min(stream.Length, MaxTemplateBytes)];
            stream.ReadExactly(buffer);
            return Encoding.UTF8.GetString(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable override falls back to the built-in text: a notification still goes out.
            return null;
        }
    }

    private static Dictionary<string, string> LoadBuiltIns()
    {
        // Resource names are "Vigil.Engine.Dispositions.Templates.<lang>.<kind>-<audience>.txt".
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(TemplateStore).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = resource[ResourcePrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null)
            {
                continue;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            texts[rest[..dot] + "/" + rest[(dot + 1)..]] = reader.ReadToEnd();
        }

        return texts;
    }
}

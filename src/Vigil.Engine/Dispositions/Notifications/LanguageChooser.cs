namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Chooses a notification's language from the domain of the address it goes to: first the
/// `languages` map (lines `domain-or-tld lang`: "example.ch fr", "be nl"; the most specific
/// entry wins, so a domain beats its parent and the parent beats the TLD), then the built-in TLD
/// table (.de/.at/.ch/.li → de, .fr → fr, .es → es, .it → it, .pl → pl, .se → sv, .cz → cs,
/// .tr → tr, .lt → lt, .pt/.br → pt, .nl → nl, .cn/.tw → zh), else the profile's own language
/// (`language=` in `options`), else <see cref="DefaultLanguage"/>.
/// </summary>
public sealed class LanguageChooser
{
    public const string DefaultLanguage = "en";

    private static readonly Dictionary<string, string> BuiltInTlds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["de"] = "de",
        ["at"] = "de",
        ["ch"] = "de",
        ["li"] = "de",
        ["fr"] = "fr",
        ["es"] = "es",
        ["it"] = "it",
        ["pl"] = "pl",
        ["se"] = "sv",
        ["cz"] = "cs",
        ["tr"] = "tr",
        ["lt"] = "lt",
        ["pt"] = "pt",
        ["br"] = "pt",
        ["nl"] = "nl",
        ["cn"] = "zh",
        ["tw"] = "zh",
    };

    private readonly Dictionary<string, string> _map;

    /// <param name="map">The `languages` file: domain or TLD → language.</param>
    /// <param name="fallback">The profile's language when neither the map nor the TLD table decides; English when null or not a language code.</param>
    public LanguageChooser(IReadOnlyDictionary<string, string>? map = null, string? fallback = null)
    {
        var own = fallback?.Trim().ToLowerInvariant();
        Fallback = own is not null && IsLanguageCode(own) ? own : DefaultLanguage;
        _map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map is not null)
        {
            foreach (var (key, lang) in map)
            {
                // The language names a template folder, so only a plain code is taken.
                var code = lang.Trim().ToLowerInvariant();
                if (IsLanguageCode(code))
                {
                    _map[key.Trim().Trim('.')] = code;
                }
            }
        }
    }

    public static LanguageChooser Default { get; } = new();

    /// <summary>A language code usable as a folder name: 2 to 16 of a-z, 0-9, '-' and '_'.</summary>
    public static bool IsLanguageCode(string code)
    {
        if (code.Length is < 2 or > 16)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public IReadOnlyDictionary<string, string> Map => _map;

    /// <summary>The language when nothing else decides (`language=`, else English).</summary>
    public string Fallback { get; }

    /// <summary>The language for mail to <paramref name="address"/>.</summary>
    public string For(string address)
    {
        var domain = MailAddressText.Domain(address);
        if (domain.Length == 0)
        {
            return Fallback;
        }

        // "a.b.example.de" → "a.b.example.de", "b.example.de", "example.de", "de": a bounded walk.
        var suffix = domain;
        for (var guard = 0; guard < 64; guard++)
        {
            if (_map.TryGetValue(suffix, out var lang))
            {
                return lang;
            }

            var dot = suffix.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                break;
            }

            suffix = suffix[(dot + 1)..];
        }

        return BuiltInTlds.TryGetValue(suffix, out var byTld) ? byTld : Fallback;
    }
}

using System.Globalization;
using System.Text;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Scanners.Rspamd;
using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Reads the `scanners` file, one scanner per line:
/// <code>
///   kind target... [key=value ...] [required|optional]
///   clamd unix:/run/clamav/clamd.ctl
///   clamd tcp:127.0.0.1:3310 tcp:127.0.0.2:3310 mode=both timeout=30 optional
///   command uvscan /usr/local/bin/uvscan --secure {file} rc=13 maxsize=9000000
/// </code>
/// Common to every kind: <c>required</c> (the default) or <c>optional</c>, and <c>timeout=SECONDS</c>.
/// The kinds are a registry: each maps to a factory that builds the scanner from its line. An
/// unknown kind, a bad setting or a factory's complaint is an error with file and line, and the
/// line gives no scanner (the loader then fails closed, see <see cref="ScannerSet.ConfigErrors"/>).
/// </summary>
public sealed class ScannerLineParser
{
    public const string TimeoutKey = "timeout";

    private static readonly Lazy<ScannerLineParser> DefaultLazy = new(CreateDefault);

    private readonly Dictionary<string, ScannerKind> _kinds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The kinds Vigil ships with.</summary>
    public static ScannerLineParser Default => DefaultLazy.Value;

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    /// <summary>
    /// The one place the shipped kinds are listed. Each scanner folder provides a factory
    /// <c>Func&lt;ScannerLine, ConfigErrors, IContentScanner?&gt;</c>; adding a kind is one line here.
    /// </summary>
    public static ScannerLineParser CreateDefault()
    {
        var parser = new ScannerLineParser();
        parser.Register("clamd", ClamdLineFactory.Create, isVirusScanner: true);

        parser.Register(
            "command",
            TokenLineFactory.For<CommandScannerOptions>(CommandScannerOptions.TryParse, o => new CommandScanner(o)),
            isVirusScanner: true);
        parser.Register(
            "spamd",
            TokenLineFactory.For<SpamdScannerOptions>((IReadOnlyList<string> t, out SpamdScannerOptions? o, out string? e) => { var ok = SpamdScannerOptions.TryParse(t, out o, out var m); e = m; return ok; }, o => new SpamdScanner(o)),
            isVirusScanner: false);
        parser.Register(
            "rspamd",
            TokenLineFactory.For<RspamdScannerOptions>((IReadOnlyList<string> t, out RspamdScannerOptions? o, out string? e) => { var ok = RspamdScannerOptions.TryParse(t, out o, out var m); e = m; return ok; }, o => new RspamdScanner(o)),
            isVirusScanner: false);
        parser.Register(
            "commandapi",
            TokenLineFactory.For<CommandApiOptions>(CommandApiOptions.TryParse, o => new CommandApiScanner(o)),
            isVirusScanner: false);
        return parser;
    }

    /// <summary>Adds (or replaces) a kind.</summary>
    public ScannerLineParser Register(string kind, Func<ScannerLine, ConfigErrors, IContentScanner?> factory, bool isVirusScanner)
    {
        _kinds[kind] = new ScannerKind(kind.ToLowerInvariant(), factory, isVirusScanner);
        return this;
    }

    /// <summary>Every scanner the lines configure; the bad lines are reported and give none.</summary>
    public List<ConfiguredScanner> Parse(string file, IReadOnlyList<ControlLine> lines, ConfigErrors errors)
    {
        var scanners = new List<ConfiguredScanner>(lines.Count);
        foreach (var line in lines)
        {
            if (ParseLine(file, line, errors) is { } scanner)
            {
                scanners.Add(scanner);
            }
        }

        return scanners;
    }

    /// <summary>One line's scanner, or null after reporting why.</summary>
    public ConfiguredScanner? ParseLine(string file, ControlLine line, ConfigErrors errors)
    {
        if (!TrySplit(line.Text, out var words, out var quoted, out var splitError))
        {
            errors.Error(file, line.Number, splitError);
            return null;
        }

        var kindName = words[0].ToLowerInvariant();
        if (quoted[0] || !_kinds.TryGetValue(kindName, out var kind))
        {
            errors.Error(file, line.Number, $"unknown scanner kind '{words[0]}' (known: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))})");
            return null;
        }

        var arguments = new List<string>();
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool? required = null;
        var bad = false;
        for (var i = 1; i < words.Count; i++)
        {
            var w = words[i];
            if (!quoted[i] && (w.Equals("required", StringComparison.OrdinalIgnoreCase) || w.Equals("optional", StringComparison.OrdinalIgnoreCase)))
            {
                var isRequired = w.Equals("required", StringComparison.OrdinalIgnoreCase);
                if (required is { } said && said != isRequired)
                {
                    errors.Error(file, line.Number, "both required and optional");
                    bad = true;
                }

                required = isRequired;
            }
            else if (!quoted[i] && SettingKeyLength(w) is var keyLength and > 0)
            {
                var key = w[..keyLength];
                if (settings.ContainsKey(key))
                {
                    errors.Warning(file, line.Number, $"'{key}' set again; the last value counts");
                }

                settings[key] = w[(keyLength + 1)..];
            }
            else
            {
                arguments.Add(w);
            }
        }

        var scannerLine = new ScannerLine(file, line.Number, line.Text, kind.Name, arguments, settings, required ?? true);
        if (scannerLine.Get(TimeoutKey) is { } timeoutText)
        {
            if (double.TryParse(timeoutText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600)
            {
                scannerLine.Timeout = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                errors.Error(scannerLine, $"timeout: '{timeoutText}' is not a number of seconds above 0 and at most 3600");
                bad = true;
            }
        }

        var before = errors.Messages.Count;
        IContentScanner? built;
        try
        {
            built = kind.Factory(scannerLine, errors);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            // A factory should report, not throw; if it throws anyway the line is still located.
            errors.Error(scannerLine, $"{kind.Name}: {e.Message}");
            built = null;
        }

        foreach (var key in scannerLine.UnreadKeys())
        {
            errors.Error(scannerLine, $"unknown setting '{key}' for {kind.Name}");
            bad = true;
        }

        if (built is null && !HasNewError(errors, before))
        {
            errors.Error(scannerLine, $"{kind.Name}: the line does not configure a scanner");
        }

        return built is null || bad || HasNewError(errors, before)
            ? null
            : new ConfiguredScanner(built, scannerLine.Required, scannerLine.Timeout, kind.IsVirusScanner, $"{file}:{line.Number}");
    }

    /// <summary>
    /// Splits a line into words at white space; a word in double quotes keeps its spaces and is
    /// never a setting or a flag. Bounded by the line's length.
    /// </summary>
    internal static bool TrySplit(string text, out List<string> words, out List<bool> quoted, out string error)
    {
        words = [];
        quoted = [];
        error = "";
        var i = 0;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    error = "a double quote is not closed";
                    return false;
                }

                words.Add(text[(i + 1)..end]);
                quoted.Add(true);
                i = end + 1;
                continue;
            }

            sb.Clear();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                sb.Append(text[i]);
                i++;
            }

            words.Add(sb.ToString());
            quoted.Add(false);
        }

        if (words.Count == 0)
        {
            error = "empty line";
            return false;
        }

        return true;
    }

    /// <summary>The length of the key when <paramref name="word"/> is <c>key=value</c> (key: a letter, then letters, digits, '_', '-' or '.'), else 0.</summary>
    private static int SettingKeyLength(string word)
    {
        if (word.Length == 0 || !char.IsAsciiLetter(word[0]))
        {
            return 0;
        }

        for (var i = 1; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '=')
            {
                return i;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool HasNewError(ConfigErrors errors, int before)
    {
        for (var i = before; i < errors.Messages.Count; i++)
        {
            if (errors.Messages[i].Level == ConfigMessageLevel.Error)
            {
                return true;
            }
        }

        return false;
    }
}

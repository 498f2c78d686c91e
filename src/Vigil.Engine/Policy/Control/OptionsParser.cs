using System.Globalization;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Parses the `options` control file: `key=value` per line (spaces around `=` allowed, keys
/// case-insensitive, a repeated key: the last one wins). Keys the policy reads are checked here:
/// <code>
///   blockexecutables=yes    # content detected as executable is blocked whatever its name
///   regextimeout=100        # ms one pattern may run on one input (1..60000)
///   regexengine=backtracking  # or nonbacktracking (see RegexEngineChoice)
///   maxmessagesize=0        # bytes, 0 = unlimited; k, m, g suffixes (1024-based) allowed
///   maxattachmentsize=0     # bytes of one decoded attachment, 0 = unlimited
///   maxbodyscan=4m          # bytes of each text part read by badbodytexts
/// </code>
/// and the analysis limits (see <see cref="LimitsParser"/>).
/// Other keys are kept as written for the rest of Vigil.
/// </summary>
internal static class OptionsParser
{
    public static PolicyOptions Parse(ControlSource source, IReadOnlyList<ControlLine> lines, ConfigReport report)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var eq = line.Text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                report.Error(source, line.Number, $"expected key=value, found '{line.Text}'");
                continue;
            }

            var key = line.Text[..eq].Trim();
            if (values.ContainsKey(key))
            {
                report.Warning(source, line.Number, $"'{key}' set again; this value replaces the one on line {lineOf[key]}");
            }

            values[key] = line.Text[(eq + 1)..].Trim();
            lineOf[key] = line.Number;
        }

        var defaults = PolicyOptions.Default;
        int LineOf(string key) => lineOf.TryGetValue(key, out var n) ? n : 0;

        var blockExecutables = defaults.BlockExecutables;
        if (values.TryGetValue(PolicyOptions.BlockExecutablesKey, out var text) && !YesNo.TryParse(text, out blockExecutables))
        {
            report.Error(source, LineOf(PolicyOptions.BlockExecutablesKey), $"blockexecutables: '{text}' is not yes or no");
            blockExecutables = defaults.BlockExecutables;
        }

        var timeout = defaults.RegexTimeout;
        if (values.TryGetValue(PolicyOptions.RegexTimeoutKey, out text))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 1 and <= 60_000)
            {
                timeout = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                report.Error(source, LineOf(PolicyOptions.RegexTimeoutKey), $"regextimeout: '{text}' is not a number of milliseconds from 1 to 60000");
            }
        }

        var engine = defaults.RegexEngine;
        if (values.TryGetValue(PolicyOptions.RegexEngineKey, out text))
        {
            switch (text.ToLowerInvariant())
            {
                case "backtracking":
                    engine = RegexEngineChoice.Backtracking;
                    break;
                case "nonbacktracking":
                    engine = RegexEngineChoice.NonBacktracking;
                    break;
                default:
                    report.Error(source, LineOf(PolicyOptions.RegexEngineKey), $"regexengine: '{text}' is not backtracking or nonbacktracking");
                    break;
            }
        }

        var parsed = new PolicyOptions(values)
        {
            BlockExecutables = blockExecutables,
            RegexTimeout = timeout,
            RegexEngine = engine,
            MaxMessageSize = Size(PolicyOptions.MaxMessageSizeKey, defaults.MaxMessageSize),
            MaxAttachmentSize = Size(PolicyOptions.MaxAttachmentSizeKey, defaults.MaxAttachmentSize),
            MaxBodyScan = (int)Math.Min(int.MaxValue, Size(PolicyOptions.MaxBodyScanKey, defaults.MaxBodyScan)),
            Limits = LimitsParser.Parse(values, LineOf, source, report),
        };

        // Keys read after the verdict (actions, quarantine) are checked here too, so `config check`
        // names them with their line.
        foreach (var message in ActionOptions.Validate(parsed).Concat(QuarantineOptions.Validate(parsed)))
        {
            var key = message.Split(':', 2)[0];
            report.Error(source, LineOf(key), message);
        }

        return parsed;

        long Size(string key, long fallback)
        {
            if (!values.TryGetValue(key, out var sizeText))
            {
                return fallback;
            }

            if (ByteSize.TryParse(sizeText, out var size))
            {
                return size;
            }

            report.Error(source, LineOf(key), $"{key}: '{sizeText}' is not a size in bytes (e.g. 0, 10485760, 10m)");
            return fallback;
        }
    }
}

using System.Globalization;
using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// What spamd and rspamd scanner lines share after the address: score levels, the size above
/// which a message is not sent (spamc's default, 500 KB), the timeout, and whether an outage
/// blocks mail (required, the default) or is only logged (optional).
/// </summary>
public sealed record SpamScannerSettings(SpamBands Bands, long MaxSize, TimeSpan Timeout, bool Required)
{
    /// <summary>spamc's default -s: 500 KB of 1024 bytes.</summary>
    public const long DefaultMaxSize = 500 * 1024;

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    public static SpamScannerSettings Default { get; } = new(SpamBands.FilterThreshold, DefaultMaxSize, DefaultTimeout, true);

    /// <summary>
    /// Reads <c>tag= quarantine= reject= maxsize= timeout= required optional</c> from
    /// <paramref name="tokens"/> starting at <paramref name="start"/>. Keys in <paramref name="extraKeys"/>
    /// are handed back in <paramref name="extras"/>; anything else is an error.
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> tokens,
        int start,
        IReadOnlyCollection<string> extraKeys,
        out SpamScannerSettings settings,
        out Dictionary<string, string> extras,
        out string error)
    {
        settings = Default;
        extras = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = "";
        double? tag = null, quarantine = null, reject = null;
        var maxSize = DefaultMaxSize;
        var timeout = DefaultTimeout;
        var required = true;
        for (var i = start; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Equals("required", StringComparison.OrdinalIgnoreCase) || token.Equals("optional", StringComparison.OrdinalIgnoreCase))
            {
                required = token.Equals("required", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"\"{token}\": expected key=value (tag, quarantine, reject, maxsize, timeout) or required/optional";
                return false;
            }

            var key = token[..eq].ToLowerInvariant();
            var value = token[(eq + 1)..];
            switch (key)
            {
                case "tag" or "quarantine" or "reject":
                    if (!SpamScore.TryNumber(value, out var level))
                    {
                        error = $"\"{token}\": {key} must be a score such as 5 or 7.5";
                        return false;
                    }

                    if (key == "tag")
                    {
                        tag = level;
                    }
                    else if (key == "quarantine")
                    {
                        quarantine = level;
                    }
                    else
                    {
                        reject = level;
                    }

                    break;
                case "maxsize":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out maxSize) || maxSize < 1)
                    {
                        error = $"\"{token}\": maxsize must be a number of bytes";
                        return false;
                    }

                    break;
                case "timeout":
                    if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
                    {
                        error = $"\"{token}\": timeout must be seconds, more than 0 and at most 3600";
                        return false;
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    if (!Contains(extraKeys, key))
                    {
                        error = $"\"{token}\": unknown option {key}";
                        return false;
                    }

                    extras[key] = value;
                    break;
            }
        }

        var bands = new SpamBands(tag, quarantine, reject);
        if (!bands.TryValidate(out error))
        {
            return false;
        }

        settings = new SpamScannerSettings(bands, maxSize, timeout, required);
        return true;
    }

    /// <summary>
    /// The finding for a scanner that could not judge the message: an error that defers mail when
    /// the scanner is required, the same logged but not blocking (Monitor) when it is optional.
    /// </summary>
    public Finding Failure(string rule, string detail) =>
        new(FindingCategory.Error, rule, detail, "", Required ? null : RuleAction.Monitor);

    /// <summary>
    /// Over maxsize the message is not sent (spamc's rule: large mail is rarely spam and slow to
    /// check). Logged as a Monitor limits finding, so the verdict stays as it is and the log says why.
    /// </summary>
    public Finding? SizeSkip(string engine, long size) => size <= MaxSize
        ? null
        : new Finding(
            FindingCategory.Limits,
            engine + ":skipped-size",
            $"{size.ToString(CultureInfo.InvariantCulture)} bytes, over maxsize {MaxSize.ToString(CultureInfo.InvariantCulture)}; not checked for spam",
            "",
            RuleAction.Monitor);

    private static bool Contains(IReadOnlyCollection<string> keys, string key)
    {
        foreach (var k in keys)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

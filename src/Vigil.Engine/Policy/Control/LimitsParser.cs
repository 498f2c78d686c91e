using System.Globalization;
using Vigil.Mime.Headers;
using Vigil.Mime.Limits;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Reads the analysis limits from `options`; each key left out keeps its default
/// (<see cref="AnalysisLimits"/>):
/// <code>
///   maxmimedepth=64            # nesting of multiparts and attached messages
///   maxparts=10000             # entities of every kind in one message
///   maxheaderbytes=1m          # bytes of one header block
///   maxheaderparameters=1000   # parameters in the MIME fields of one header block
///   maxdecodedbytes=100m       # decoded bytes per message, all decoders together
///   maxarchivedepth=8          # archives inside archives
///   maxarchiveentries=10000    # members listed from one archive
///   maxarchivebytes=200m       # bytes expanded from all archives of a message
///   maxexpansionratio=100      # expanded / compressed size of one archive member
///   maxanalysistime=30         # seconds for the analysis of one message
///   second-parser=off          # parse again with MimeKit and compare (on|off)
/// </code>
/// Reaching any of them ends in a `limits` finding, never in a crash or a hang. Keys left out keep
/// the analyzer's own limits.
/// </summary>
internal static class LimitsParser
{
    public static LimitOverrides Parse(IReadOnlyDictionary<string, string> values, Func<string, int> lineOf, ControlSource source, ConfigReport report)
    {
        var seconds = Count("maxanalysistime", 1, 3600);
        return new LimitOverrides
        {
            MaxMimeDepth = Count("maxmimedepth", 1, 10_000),
            MaxParts = Count("maxparts", 1, 10_000_000),
            MaxHeaderBytes = (int?)Bytes("maxheaderbytes", 1024, int.MaxValue),
            MaxHeaderParameters = Count("maxheaderparameters", 10, 1_000_000),
            MaxDecodedBytes = Bytes("maxdecodedbytes", 1024, long.MaxValue),
            MaxArchiveDepth = Count("maxarchivedepth", 0, 1000),
            MaxArchiveEntries = Count("maxarchiveentries", 1, 10_000_000),
            MaxArchiveExpandedBytes = Bytes("maxarchivebytes", 0, long.MaxValue),
            MaxExpansionRatio = Count("maxexpansionratio", 1, 1_000_000),
            MaxAnalysisTime = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
            SecondParser = Switch("second-parser"),
        };

        bool? Switch(string key)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return null;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "on" or "yes" or "y" or "1" or "true":
                    return true;
                case "off" or "no" or "n" or "0" or "false":
                    return false;
                default:
                    report.Error(source, lineOf(key), $"{key}: '{text}' is not on or off");
                    return null;
            }
        }

        int? Count(string key, int min, int max)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            report.Error(source, lineOf(key), $"{key}: '{text}' is not a whole number from {min} to {max}");
            return null;
        }

        long? Bytes(string key, long min, long max)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return null;
            }

            if (ByteSize.TryParse(text, out var n) && n >= min && n <= max)
            {
                return n;
            }

            report.Error(source, lineOf(key), $"{key}: '{text}' is not a size of at least {min} bytes (k, m, g suffixes allowed)");
            return null;
        }
    }
}

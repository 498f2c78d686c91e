namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The `options` control file: a generic key=value dictionary (other parts of Vigil read their
/// own keys from <see cref="Values"/>) plus the keys the policy itself uses, already checked.
/// </summary>
public sealed class PolicyOptions
{
    public const string BlockExecutablesKey = "blockexecutables";
    public const string RegexTimeoutKey = "regextimeout";
    public const string RegexEngineKey = "regexengine";
    public const string MaxMessageSizeKey = "maxmessagesize";
    public const string MaxAttachmentSizeKey = "maxattachmentsize";
    public const string MaxBodyScanKey = "maxbodyscan";

    public PolicyOptions(IReadOnlyDictionary<string, string> values)
    {
        Values = values;
    }

    public static PolicyOptions Default { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Every key as written (keys compare case-insensitively), values trimmed.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Content detected as executable (or script) is blocked whatever its name says.</summary>
    public bool BlockExecutables { get; init; } = true;

    /// <summary>Time one pattern may take on one input before it counts as an error.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    public RegexEngineChoice RegexEngine { get; init; } = RegexEngineChoice.Backtracking;

    /// <summary>Largest raw message accepted, in bytes; 0 for no limit.</summary>
    public long MaxMessageSize { get; init; }

    /// <summary>Largest decoded attachment accepted, in bytes; 0 for no limit.</summary>
    public long MaxAttachmentSize { get; init; }

    /// <summary>Bytes of each text part that `badbodytexts` reads.</summary>
    public int MaxBodyScan { get; init; } = 4 * 1024 * 1024;

    /// <summary>A value by key, or null.</summary>
    /// <summary>The analysis limits set in `options` (`maxmimedepth=`, `maxparts=`, ...).</summary>
    public LimitOverrides Limits { get; init; } = LimitOverrides.None;

    public string? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;

    /// <summary>A yes/no value by key, or <paramref name="fallback"/> when absent or not yes/no.</summary>
    public bool GetBool(string key, bool fallback) =>
        Values.TryGetValue(key, out var v) && YesNo.TryParse(v, out var b) ? b : fallback;
}

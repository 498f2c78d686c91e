namespace Vigil.Engine.Policy.Control;

/// <summary>Which checks run (the `filters` control file).</summary>
public sealed record FilterSettings
{
    /// <summary>`badsubjects` against the Subject.</summary>
    public bool Subject { get; init; } = true;

    /// <summary>`badbodytexts` against decoded text parts (QMVC: off by default, it is costly).</summary>
    public bool Body { get; init; }

    /// <summary>`badmimetypes` against declared and detected types.</summary>
    public bool MimeType { get; init; } = true;

    /// <summary>`badfilenames` and the `attachments` table against file names.</summary>
    public bool FileName { get; init; } = true;

    /// <summary>`badheaders` (and header rows of `attachments`) against the message's header.</summary>
    public bool Headers { get; init; } = true;

    /// <summary>Format anomalies (Qmail-Scanner's format checks) become findings.</summary>
    public bool Format { get; init; } = true;

    /// <summary>Per-file checks also look at archive members.</summary>
    public bool Archives { get; init; } = true;

    /// <summary>
    /// Every pattern file (subjects, body texts, types, file names, headers) matches regardless of
    /// case. The `attachments` table always ignores case, as Windows does for file names.
    /// </summary>
    public bool IgnoreCase { get; init; } = true;

    /// <summary>Encrypted archive members are blocked (off: they are allowed).</summary>
    public bool EncryptedArchives { get; init; }

    /// <summary>
    /// Archives or members that could not be read (damaged, or a method or format not
    /// decompressed) are blocked. On by default: content nobody checked must not pass quietly.
    /// </summary>
    public bool UnreadableArchives { get; init; } = true;

    public static FilterSettings Default { get; } = new();

    /// <summary>The filters in force, e.g. "on: subject mimetype ...; off: body".</summary>
    public string Describe()
    {
        var on = new List<string>();
        var off = new List<string>();
        foreach (var (word, value) in Words())
        {
            (value ? on : off).Add(word);
        }

        return "on: " + string.Join(' ', on) + (off.Count > 0 ? "; off: " + string.Join(' ', off) : "");
    }

    internal IEnumerable<(string Word, bool Value)> Words()
    {
        yield return ("subject", Subject);
        yield return ("body", Body);
        yield return ("mimetype", MimeType);
        yield return ("filename", FileName);
        yield return ("headers", Headers);
        yield return ("format", Format);
        yield return ("archives", Archives);
        yield return ("ignorecase", IgnoreCase);
        yield return ("encryptedarchives", EncryptedArchives);
        yield return ("unreadablearchives", UnreadableArchives);
    }
}

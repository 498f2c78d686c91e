namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// One quarantined message as its file explains it: the X-Vigil- headers Vigil wrote in front of
/// the original message, plus where the file is and its Maildir flags.
/// </summary>
public sealed record QuarantineRecord
{
    /// <summary>The Maildir unique name, which is also the id admins type.</summary>
    public required string Id { get; init; }

    /// <summary>viruses, policy or spam.</summary>
    public required string Folder { get; init; }

    /// <summary>The file, in new/ or cur/.</summary>
    public required string Path { get; init; }

    /// <summary>Maildir flags ("" in new/); "P" (passed) marks a released message.</summary>
    public string Flags { get; init; } = "";

    public DateTimeOffset Stored { get; init; }

    /// <summary>Size of the file, added headers included.</summary>
    public long Size { get; init; }

    /// <summary>Bytes of the added X-Vigil- headers: the original message starts here.</summary>
    public long HeaderLength { get; init; }

    /// <summary>The envelope sender: "" for the null sender, null when the door did not know it.</summary>
    public string? Sender { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    public string? ClientIp { get; init; }

    /// <summary>The verdict word (virus, policy, format, limits, spam).</summary>
    public string Verdict { get; init; } = "";

    /// <summary>The X-Vigil-Finding values as written.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>The original Subject, decoded and sanitised.</summary>
    public string Subject { get; init; } = "";

    /// <summary>Set when the message is safe in new/ but its quarantine.log line could not be written.</summary>
    public string? Warning { get; init; }

    /// <summary>True once the message was released (Maildir flag P, "passed on").</summary>
    public bool Released => Flags.Contains('P', StringComparison.Ordinal);
}

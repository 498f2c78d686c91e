namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Names of the control files the policy reads, as QMVC named them (and Qmail-Scanner's
/// `attachments` table). They are part of the admin's contract: never rename one.
/// </summary>
public static class ControlFileNames
{
    public const string Options = "options";
    public const string Filters = "filters";
    public const string BadSubjects = "badsubjects";
    public const string BadBodyTexts = "badbodytexts";
    public const string BadMimeTypes = "badmimetypes";
    public const string BadFileNames = "badfilenames";
    public const string BadHeaders = "badheaders";
    public const string Attachments = "attachments";
    public const string NullSender = "nullsender";

    /// <summary>QMVC's name for <see cref="BadFileNames"/> (FAQ 1.4: "the control file badfilename").</summary>
    public const string QmvcBadFileName = "badfilename";

    /// <summary>Qmail-Scanner's (and the SANS paper's) name for <see cref="Attachments"/>.</summary>
    public const string QmailScannerAttachments = "quarantine-attachments.txt";

    /// <summary>Every file the policy reads, in the order they are loaded (options and filters first: the rest depend on them).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Options, Filters, BadSubjects, BadBodyTexts, BadMimeTypes, BadFileNames, BadHeaders, Attachments, NullSender];

    /// <summary>
    /// The seed systems' names for files Vigil reads under its own name. A profile copied over from
    /// QMVC or Qmail-Scanner is read as it is: in each directory Vigil's name wins when both exist.
    /// </summary>
    public static IReadOnlyDictionary<string, SeedFileName> SeedNames { get; } = new Dictionary<string, SeedFileName>(StringComparer.Ordinal)
    {
        [BadFileNames] = new(QmvcBadFileName, "QMVC"),
        [Attachments] = new(QmailScannerAttachments, "Qmail-Scanner"),
    };

    /// <summary><see cref="All"/> and their seed names: every path whose change reloads the policy.</summary>
    public static IReadOnlyList<string> AllWithSeedNames { get; } =
        [.. All, QmvcBadFileName, QmailScannerAttachments];
}

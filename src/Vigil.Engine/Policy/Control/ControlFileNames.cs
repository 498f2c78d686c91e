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

    /// <summary>Every file the policy reads, in the order they are loaded (options and filters first: the rest depend on them).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Options, Filters, BadSubjects, BadBodyTexts, BadMimeTypes, BadFileNames, BadHeaders, Attachments, NullSender];
}

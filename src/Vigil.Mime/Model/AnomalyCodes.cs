namespace Vigil.Mime.Model;

/// <summary>
/// Stable anomaly codes. They appear in logs, JSON output and control files, so never rename one.
/// The first group mirrors Qmail-Scanner's format checks.
/// </summary>
public static class AnomalyCodes
{
    // Qmail-Scanner's list (seed 002).
    public const string BrokenContinuation = "broken-continuation-header";
    public const string CommentInHeader = "comment-in-header";
    public const string RepeatedMimeHeader = "repeated-mime-header";
    public const string LongBoundary = "boundary-too-long";
    public const string DuplicateBoundary = "boundary-defined-twice";
    public const string ConflictingFileNames = "conflicting-filenames";
    public const string ExecutableUnderNonApplicationType = "executable-under-non-application-type";
    public const string BrokenPartHeader = "broken-part-header";
    public const string LongFileName = "filename-too-long";
    public const string DoubleExtension = "double-extension";
    public const string ClsidExtension = "clsid-extension";

    // Structure.
    public const string MissingBoundaryParameter = "missing-boundary-parameter";
    public const string MissingClosingBoundary = "missing-closing-boundary";
    public const string NoBoundaryFound = "no-boundary-found";
    public const string EmptyMessage = "empty-message";
    public const string NoHeaders = "no-headers";
    public const string NulBytes = "nul-bytes";
    public const string EightBitHeader = "8bit-header";
    public const string LongLine = "long-line";
    public const string MixedLineEndings = "mixed-line-endings";
    public const string MessagePartial = "message-partial";
    public const string UnknownTransferEncoding = "unknown-transfer-encoding";
    public const string EncodingOnMultipart = "encoding-on-multipart";
    public const string InvalidContentType = "invalid-content-type";
    public const string BoundaryAfterClose = "boundary-after-close";
    public const string NonStandardTransferEncoding = "nonstandard-transfer-encoding";
    public const string BoundaryGuessed = "boundary-guessed";
    public const string ParserDisagreement = "parser-disagreement";
    public const string SecondParserStopped = "second-parser-stopped";

    // Decoders.
    public const string Base64Junk = "base64-junk";
    public const string Base64Truncated = "base64-truncated";
    public const string Base64DataAfterPadding = "base64-data-after-padding";
    public const string Base64PaddingInLine = "base64-padding-in-line";
    public const string QuotedPrintableInvalid = "qp-invalid";
    public const string UuencodeBroken = "uuencode-broken";
    public const string BinHexBroken = "binhex-broken";
    public const string YEncBroken = "yenc-broken";
    public const string TnefBroken = "tnef-broken";
    public const string EncodedWordBroken = "encoded-word-broken";
    public const string UnknownCharset = "unknown-charset";
    public const string Rfc2231Broken = "rfc2231-broken";

    // Names.
    public const string DirectionOverrideInName = "direction-override-in-filename";
    public const string ControlCharacterInName = "control-character-in-filename";
    public const string TrailingDotOrSpaceInName = "trailing-dot-or-space-in-filename";
}

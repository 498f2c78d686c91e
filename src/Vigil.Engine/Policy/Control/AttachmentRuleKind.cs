namespace Vigil.Engine.Policy.Control;

/// <summary>What the first field of an `attachments` row names.</summary>
public enum AttachmentRuleKind
{
    /// <summary>`.exe`: any file name ending so.</summary>
    Extension,

    /// <summary>`Happy99.exe`: exactly that file name.</summary>
    FileName,

    /// <summary>`ILOVEYOU&lt;TAB&gt;Subject:`: text found in a header of the message.</summary>
    Header,
}

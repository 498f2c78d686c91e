namespace Vigil.Engine.Analysis.Types;

/// <summary>What the entry names (and the content-types part) of a zip say about what it is.</summary>
internal struct ZipFacts
{
    public bool HasContentTypes;
    public bool HasWordParts;
    public bool HasExcelParts;
    public bool HasPowerPointParts;
    public bool HasVbaProject;
    public bool DeclaresMacroContent;
    public bool HasJavaManifest;
    public bool HasJavaClass;
    public bool HasAndroidManifest;
    public bool HasDalvikCode;
    public bool HasAppxManifest;
    public bool HasOpenDocumentScripts;

    /// <summary>Where the [Content_Types].xml local header is, or -1.</summary>
    public long ContentTypesHeaderOffset;
    public long ContentTypesCompressedSize;
    public int ContentTypesMethod;
    public bool ContentTypesEncrypted;
}

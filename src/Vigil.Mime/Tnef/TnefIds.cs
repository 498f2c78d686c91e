namespace Vigil.Mime.Tnef;

/// <summary>Numbers from MS-OXTNEF and the MAPI property tags the extractor needs.</summary>
internal static class TnefIds
{
    public const uint Signature = 0x223E9F78;

    public const byte LevelMessage = 1;
    public const byte LevelAttachment = 2;

    // Attribute ids (low word of the attribute tag; the high word is the attribute's type).
    public const ushort AttBody = 0x800C;
    public const ushort AttAttachData = 0x800F;
    public const ushort AttAttachTitle = 0x8010;
    public const ushort AttAttachTransportFilename = 0x9001;
    public const ushort AttAttachRenddata = 0x9002;
    public const ushort AttMsgProps = 0x9003;
    public const ushort AttAttachment = 0x9005;
    public const ushort AttOemCodepage = 0x9007;

    // MAPI property ids.
    public const ushort PrBody = 0x1000;
    public const ushort PrRtfCompressed = 0x1009;
    public const ushort PrBodyHtml = 0x1013;
    public const ushort PrDisplayName = 0x3001;
    public const ushort PrAttachDataObj = 0x3701;
    public const ushort PrAttachExtension = 0x3703;
    public const ushort PrAttachFilename = 0x3704;
    public const ushort PrAttachMethod = 0x3705;
    public const ushort PrAttachLongFilename = 0x3707;
    public const ushort PrAttachMimeTag = 0x370E;

    // MAPI property types.
    public const ushort PtUnspecified = 0x0000;
    public const ushort PtNull = 0x0001;
    public const ushort PtShort = 0x0002;
    public const ushort PtLong = 0x0003;
    public const ushort PtFloat = 0x0004;
    public const ushort PtDouble = 0x0005;
    public const ushort PtCurrency = 0x0006;
    public const ushort PtAppTime = 0x0007;
    public const ushort PtError = 0x000A;
    public const ushort PtBoolean = 0x000B;
    public const ushort PtObject = 0x000D;
    public const ushort PtI8 = 0x0014;
    public const ushort PtString8 = 0x001E;
    public const ushort PtUnicode = 0x001F;
    public const ushort PtSysTime = 0x0040;
    public const ushort PtClsid = 0x0048;
    public const ushort PtBinary = 0x0102;
    public const ushort MultiValueFlag = 0x1000;

    /// <summary>Named properties (ids from 0x8000) carry a GUID and an id or name after the tag.</summary>
    public const ushort FirstNamedId = 0x8000;

    public const int AttachMethodEmbeddedMessage = 5;

    /// <summary>IID_IMessage {00020307-0000-0000-C000-000000000046} as stored (little-endian GUID).</summary>
    public static ReadOnlySpan<byte> IidIMessage =>
        [0x07, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    /// <summary>The signature as it appears on disk.</summary>
    public static ReadOnlySpan<byte> SignatureBytes => [0x78, 0x9F, 0x3E, 0x22];
}

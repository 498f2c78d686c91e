namespace Vigil.Server.Milter;

/// <summary>
/// Protocol steps a milter may ask the MTA to leave out or not wait for (SMFIP_*). The MTA offers
/// the ones it can honour; the milter answers with the subset it wants.
/// </summary>
[Flags]
internal enum MilterProtocolOptions : uint
{
    None = 0,
    NoConnect = 0x01,
    NoHelo = 0x02,
    NoMail = 0x04,
    NoRecipient = 0x08,
    NoBody = 0x10,
    NoHeaders = 0x20,
    NoEndOfHeaders = 0x40,
    NoReplyToHeader = 0x80,
    NoUnknown = 0x100,
    NoData = 0x200,
    Skip = 0x400,
    RejectedRecipients = 0x800,
    NoReplyToConnect = 0x1000,
    NoReplyToHelo = 0x2000,
    NoReplyToMail = 0x4000,
    NoReplyToRecipient = 0x8000,
    NoReplyToData = 0x10000,
    NoReplyToUnknown = 0x20000,
    NoReplyToEndOfHeaders = 0x40000,
    NoReplyToBody = 0x80000,

    /// <summary>Header values are sent with the white space after the colon kept (the message byte for byte).</summary>
    HeaderLeadingSpace = 0x100000,
}

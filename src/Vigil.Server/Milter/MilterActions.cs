namespace Vigil.Server.Milter;

/// <summary>What a milter may do to a message (SMFIF_*), offered by the MTA in option negotiation.</summary>
[Flags]
internal enum MilterActions : uint
{
    None = 0,
    AddHeaders = 0x01,
    ChangeBody = 0x02,
    AddRecipient = 0x04,
    DeleteRecipient = 0x08,
    ChangeHeaders = 0x10,
    Quarantine = 0x20,
    ChangeSender = 0x40,
    AddRecipientWithArguments = 0x80,
    SetMacroList = 0x100,
}

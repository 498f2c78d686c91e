using System.Buffers.Binary;

namespace Vigil.Server.Milter;

/// <summary>
/// Option negotiation (SMFIC_OPTNEG): the MTA offers its protocol version, the actions it allows
/// and the protocol steps it can leave out; Vigil answers with version 6 (or the MTA's, if older
/// but at least 2) and the subsets it wants: add, insert and change headers, quarantine (Postfix's
/// hold), header values with their leading space, and no replies awaited to headers and body chunks.
/// </summary>
internal readonly record struct MilterNegotiation(uint Version, MilterActions Actions, MilterProtocolOptions Protocol)
{
    public const uint OurVersion = 6;

    private const MilterActions Wanted = MilterActions.AddHeaders | MilterActions.ChangeHeaders | MilterActions.Quarantine;

    private const MilterProtocolOptions WantedSteps =
        MilterProtocolOptions.NoUnknown | MilterProtocolOptions.NoData | MilterProtocolOptions.HeaderLeadingSpace
        | MilterProtocolOptions.NoReplyToHeader | MilterProtocolOptions.NoReplyToBody;

    /// <summary>What Vigil answers to the MTA's offer; null when the offer is malformed or too old.</summary>
    public static MilterNegotiation? Answer(ReadOnlySpan<byte> offer)
    {
        if (offer.Length < 12)
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(offer);
        var actions = (MilterActions)BinaryPrimitives.ReadUInt32BigEndian(offer[4..]);
        var steps = (MilterProtocolOptions)BinaryPrimitives.ReadUInt32BigEndian(offer[8..]);
        if (version < 2)
        {
            return null;
        }

        return new MilterNegotiation(Math.Min(version, OurVersion), actions & Wanted, steps & WantedSteps);
    }

    public bool May(MilterActions action) => (Actions & action) == action;

    public bool Has(MilterProtocolOptions step) => (Protocol & step) == step;

    public byte[] Encode()
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(data, Version);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)Actions);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)Protocol);
        return data;
    }
}

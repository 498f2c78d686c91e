namespace Vigil.Server.Milter;

/// <summary>
/// One packet read from the MTA. <see cref="Data"/> is the reader's buffer: valid until the next read.
/// </summary>
internal readonly record struct MilterPacket(MilterReadStatus Status, byte Command, ReadOnlyMemory<byte> Data, uint Length)
{
    public static MilterPacket Closed { get; } = new(MilterReadStatus.Closed, 0, default, 0);

    public static MilterPacket Truncated { get; } = new(MilterReadStatus.Truncated, 0, default, 0);

    public static MilterPacket BadLength(uint length) => new(MilterReadStatus.BadLength, 0, default, length);
}

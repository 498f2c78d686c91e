using Vigil.Mime.Spooling;

namespace Vigil.Mime.Tests.Spooling;

public sealed class ContentSpoolTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public void WriteFromCopiesTheWholeStreamInMemoryOrSpilledToDisk(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        using var scratch = new ScratchDirectory();
        using var spool = new ContentSpool(scratch, memoryThreshold: 64 * 1024);

        spool.WriteFrom(new MemoryStream(data));

        Assert.Equal(size > 64 * 1024, spool.IsOnDisk);
        Assert.Equal(size, spool.Length);
        using var back = new MemoryStream();
        using (var read = spool.OpenRead())
        {
            read.CopyTo(back);
        }

        Assert.Equal(data, back.ToArray());
    }
}

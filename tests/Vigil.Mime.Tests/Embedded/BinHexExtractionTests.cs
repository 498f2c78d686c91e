using Vigil.Testing;
using System.Text;
using Vigil.Mime.Embedded;
using Vigil.Mime.Model;
using static Vigil.Mime.Tests.Embedded.EmbeddedTestKit;

namespace Vigil.Mime.Tests.Embedded;

public sealed class BinHexExtractionTests
{
    private static byte[] SampleData()
    {
        // Runs (compressed by the 0x90 scheme), literal 0x90 bytes and a run of 0x90.
        var data = new List<byte>();
        data.AddRange(Encoding.ASCII.GetBytes("MZ header of a harmless test file "));
        data.AddRange(Enumerable.Repeat((byte)0, 300));
        data.AddRange([0x90, 0x41, 0x90, 0x90, 0x90, 0x90, 0x42]);
        for (var i = 0; i < 1000; i++)
        {
            data.Add((byte)(i * 7));
        }

        return data.ToArray();
    }

    [Fact]
    public void ExtractsTheDataForkWithItsNameWhenAllCrcsMatch()
    {
        var data = SampleData();
        var body = "Here is the Mac file.\r\n\r\n" + BinHexTestEncoder.Encode("Read Me.exe", data, Encoding.ASCII.GetBytes("resource fork")) + "\r\nBye\r\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal("1/Read Me.exe", child.Path);
        Assert.Equal(EntitySource.BinHex, child.Source);
        Assert.Equal(new NameCandidate("Read Me.exe", "Read Me.exe", NameSource.BinHex), Assert.Single(child.Names));
        Assert.Equal(data, ReadAll(child));
        Assert.Empty(context.Anomalies);
    }

    [Fact]
    public void ReportsADataForkCrcMismatchAndKeepsTheBytes()
    {
        var data = SampleData();
        using var context = NewContext();
        var entity = TextEntity(context, BinHexTestEncoder.Encode("x.bin", data, [], breakDataCrc: true));

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal(data, ReadAll(child));
        var anomaly = Assert.Single(context.Anomalies);
        Assert.Equal(AnomalyCodes.BinHexBroken, anomaly.Code);
        Assert.Equal("1/x.bin", anomaly.PartPath);
        Assert.Contains("CRC", anomaly.Detail);
    }

    [Fact]
    public void ReportsATruncatedStreamAndKeepsWhatItHad()
    {
        var data = SampleData();
        var encoded = BinHexTestEncoder.Encode("cut.bin", data, []);
        var lines = encoded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var body = string.Join("\r\n", lines.Take(lines.Length / 2)) + "\r\n\r\nSent from my phone\r\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.True(child.Size > 0 && child.Size < data.Length);
        Assert.Equal(data.AsSpan(0, (int)child.Size).ToArray(), ReadAll(child));
        Assert.Equal(AnomalyCodes.BinHexBroken, Assert.Single(context.Anomalies).Code);
    }

    [Fact]
    public void ReportsAMarkerWithoutData()
    {
        using var context = NewContext();
        var entity = TextEntity(context, "(This file must be converted with BinHex 4.0)\r\nno data here\r\n");

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Empty(entity.Children);
        var anomaly = Assert.Single(context.Anomalies);
        Assert.Equal(AnomalyCodes.BinHexBroken, anomaly.Code);
        Assert.Equal("1", anomaly.PartPath);
    }
}

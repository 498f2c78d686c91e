using System.Buffers.Binary;
using System.Text;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class ExecutableDetectionTests
{
    private const string EicarText = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    /// <summary>A DOS header whose e_lfanew points at a PE signature and a COFF header.</summary>
    private static byte[] MinimalPe(uint peOffset = 0x80, ushort characteristics = 0x0102, int length = 1024)
    {
        var bytes = new byte[Math.Max(length, (int)peOffset + 64)];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x90);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x3C), peOffset);
        "PE\0\0"u8.CopyTo(bytes.AsSpan((int)peOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)peOffset + 4), 0x14C);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)peOffset + 22), characteristics);
        return bytes;
    }

    [Fact]
    public void DetectsAMinimalPortableExecutable()
    {
        var type = Detect(MinimalPe());

        Assert.Equal("pe", type.Id);
        Assert.Equal("MS-DOS/Windows executable (PE)", type.Description);
        Assert.Equal(ContentKind.Executable, type.Kind);
        Assert.Equal("application/x-dosexec", type.MimeType);
        Assert.True(type.IsExecutable);
    }

    [Fact]
    public void TellsADllByItsCoffFlagAndKeepsThePeDescriptionAsPrefix()
    {
        var type = Detect(MinimalPe(characteristics: 0x2102));

        Assert.Equal("pe-dll", type.Id);
        Assert.StartsWith("MS-DOS/Windows executable (PE)", type.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FollowsAnELfanewPastTheHeadWhenTheWholeContentCanBeRead()
    {
        var bytes = MinimalPe(peOffset: 0x3000, length: 0x4000);

        Assert.Equal("pe", Detect(bytes).Id);

        // Head only: still an MS-DOS program, so still an executable.
        var headOnly = Detect(bytes, canOpen: false);
        Assert.Equal("mz", headOnly.Id);
        Assert.Equal(ContentKind.Executable, headOnly.Kind);
    }

    [Fact]
    public void DetectsAPlainDosProgramWithoutANewHeader()
    {
        var bytes = MinimalPe();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x3C), 0);

        Assert.Equal("mz", Detect(bytes).Id);
    }

    [Theory]
    [InlineData("NE", "ne")]
    [InlineData("LE", "le")]
    [InlineData("LX", "le")]
    public void DetectsOlderNewHeaderFormats(string signature, string id)
    {
        var bytes = MinimalPe();
        Encoding.ASCII.GetBytes(signature + "\0\0").CopyTo(bytes, 0x80);

        Assert.Equal(id, Detect(bytes).Id);
    }

    [Fact]
    public void DoesNotTakeTextStartingWithMzForAProgram()
    {
        var type = Detect("MZ has been our office code since 1998. Please keep using it in every reply.\n");

        Assert.Equal("text", type.Id);
    }

    [Fact]
    public void DetectsTheEicarTestFileAsADosComProgram()
    {
        var type = Detect(Encoding.ASCII.GetBytes(EicarText));

        Assert.Equal("eicar", type.Id);
        Assert.Equal("EICAR test file (MS-DOS COM)", type.Description);
        Assert.Equal(ContentKind.Executable, type.Kind);
    }

    [Fact]
    public void DetectsEicarFollowedByWhiteSpace()
    {
        Assert.Equal("eicar", Detect(EicarText + "   \r\n").Id);
    }

    [Fact]
    public void DoesNotTakeTextQuotingEicarLaterOnForTheTestFile()
    {
        Assert.Equal("text", Detect("The test string is " + EicarText + "\n").Id);
    }

    [Theory]
    [InlineData("7F454C46 02 01 01 00", "elf")]
    [InlineData("7F454C46 01 02 01 00", "elf")]
    [InlineData("FEEDFACE 00000007", "macho")]
    [InlineData("FEEDFACF 01000007", "macho")]
    [InlineData("CEFAEDFE 07000000", "macho")]
    [InlineData("CFFAEDFE 07000001", "macho")]
    [InlineData("CAFEBABE 00000002 01000007", "macho-fat")]
    [InlineData("CAFEBABE 00000034 0000", "java-class")]
    [InlineData("CAFEBABE 0000002D 0010", "java-class")]
    [InlineData("4C000000 01140200 00000000 C0000000 00000046", "lnk")]
    [InlineData("49545346 03000000 60000000", "chm")]
    [InlineData("6465780A 30333500", "dex")]
    [InlineData("0061736D 01000000", "wasm")]
    public void DetectsNativeAndVirtualMachineProgramsByMagic(string hex, string id)
    {
        var type = Detect(Padded(Hex(hex), 64));

        Assert.Equal(id, type.Id);
        Assert.Equal(ContentKind.Executable, type.Kind);
    }

    [Fact]
    public void DoesNotTakeCafeBabeWithANonsenseFollowerForEither()
    {
        Assert.Equal("data", Detect(Padded(Hex("CAFEBABE 00000020 0000"), 64)).Id);
    }

    [Fact]
    public void DetectsASmallComProgramThatJumpsAndCallsDos()
    {
        // jmp start; message; start: mov ah,9; mov dx,msg; int 21h; int 20h
        var program = Hex("EB0E 48656C6C6F2C20776F726C642124 B409 BA0201 CD21 CD20");

        Assert.Equal("com", Detect(program).Id);
    }

    [Fact]
    public void DoesNotTakeAFatBootSectorForAComProgram()
    {
        var sector = Padded(Hex("EB3C90 4D53444F53352E30"), 512);
        sector[100] = 0xCD;
        sector[101] = 0x21;
        sector[510] = 0x55;
        sector[511] = 0xAA;

        Assert.Equal("data", Detect(sector).Id);
    }

    [Fact]
    public void DoesNotTakeBinaryStartingWithAJumpButNoDosCallForAComProgram()
    {
        var bytes = Padded(Hex("E90001"), 2000);
        bytes[900] = 0x7F;

        Assert.Equal("data", Detect(bytes).Id);
    }
}

using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Dispositions.Logging;

public sealed class MessageLogSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-logsettings-test-").FullName;
    private readonly RecordingWriter _doorDefault = new();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void WithoutALogKeyTheDoorsOwnDefaultIsUsed()
    {
        var settings = From([]);
        Assert.Same(_doorDefault, settings.Writer);
        Assert.Null(settings.Anonymizer);
        Assert.Empty(settings.Problems);
    }

    [Fact]
    public void AFileDestinationAppendsLinesToThatFile()
    {
        var path = Path.Combine(_dir, "mail.log");
        var settings = From(new() { ["log"] = "file:" + path });
        var writer = Assert.IsType<FileMessageLogWriter>(settings.Writer);
        Assert.True(writer.Write("one\tline"));
        writer.Dispose();
        Assert.Equal("one\tline\n", File.ReadAllText(path));
    }

    [Fact]
    public void ABareAbsolutePathIsAFileToo()
    {
        var path = Path.Combine(_dir, "bare.log");
        Assert.Equal(path, Assert.IsType<FileMessageLogWriter>(From(new() { ["log"] = path }).Writer).Path);
    }

    [Theory]
    [InlineData("syslog", 2)]
    [InlineData("syslog:mail", 2)]
    [InlineData("syslog:local3", 19)]
    [InlineData("SYSLOG:Local0", 16)]
    public void SyslogTakesAFacility(string value, int facility)
    {
        var settings = From(new() { ["log"] = value });
        Assert.Equal(facility, Assert.IsType<SyslogMessageLogWriter>(settings.Writer).Facility);
        Assert.Empty(settings.Problems);
    }

    [Fact]
    public void NoneWritesNoLog()
    {
        Assert.Null(From(new() { ["log"] = "none" }).Writer);
    }

    [Theory]
    [InlineData("syslog:local9", "unknown syslog facility")]
    [InlineData("relative/mail.log", "not stderr, stdout, none")]
    [InlineData("elsewhere", "not stderr, stdout, none")]
    public void ABadDestinationFallsBackToTheDoorDefaultAndIsReported(string value, string problem)
    {
        var settings = From(new() { ["log"] = value });
        Assert.Same(_doorDefault, settings.Writer);
        Assert.Contains(problem, Assert.Single(settings.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyFileHidesLocalPartsTheSameWayEachRun()
    {
        var key = Path.Combine(_dir, "logkey");
        File.WriteAllText(key, "a secret of more than sixteen bytes\n");
        var first = From(new() { ["anonymizekey"] = key }).Anonymizer!;
        var second = From(new() { ["anonymizekey"] = key }).Anonymizer!;
        var token = first.Address("jdoe@example.com");
        Assert.EndsWith("@example.com", token, StringComparison.Ordinal);
        Assert.DoesNotContain("jdoe", token, StringComparison.Ordinal);
        Assert.Equal(token, second.Address("jdoe@example.com"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("short")]
    public void ABrokenKeyFileStillHidesAddressesAndIsReported(string which)
    {
        var key = Path.Combine(_dir, which);
        if (which == "short")
        {
            File.WriteAllText(key, "tiny");
        }

        var settings = From(new() { ["anonymizekey"] = key });
        Assert.NotNull(settings.Anonymizer);
        Assert.DoesNotContain("jdoe", settings.Anonymizer.Address("jdoe@example.com"), StringComparison.Ordinal);
        Assert.Contains("one-run key", Assert.Single(settings.Problems), StringComparison.Ordinal);
    }

    private MessageLogSettings From(Dictionary<string, string> values) =>
        MessageLogSettings.From(new PolicyOptions(new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase)), () => _doorDefault);

    private sealed class RecordingWriter : IMessageLogWriter
    {
        public bool Write(string line) => true;
    }
}

using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Engine.Tests.Dispositions.Logging;

public sealed class MessageLogWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-log-test-").FullName;

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
    public void FileWriterAppendsWholeLinesEvenFromSeveralWritersAtOnce()
    {
        var path = Path.Combine(_dir, "vigil.log");
        File.WriteAllText(path, "existing\n");
        using var first = new FileMessageLogWriter(path);
        using var second = new FileMessageLogWriter(path);

        // Two writers with their own handles, as two `vigil queue` processes would have.
        Parallel.For(0, 400, i => Assert.True((i % 2 == 0 ? first : second).Write($"line\t{i}\t" + new string('x', i))));

        var lines = File.ReadAllLines(path);
        Assert.Equal(401, lines.Length);
        Assert.Equal("existing", lines[0]);
        var seen = new HashSet<int>();
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split('\t');
            var i = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(new string('x', i), parts[2]);
            Assert.True(seen.Add(i));
        }
    }

    [Fact]
    public void FileWriterReportsFailureInsteadOfThrowing()
    {
        using var writer = new FileMessageLogWriter(Path.Combine(_dir, "missing-dir", "vigil.log"));

        Assert.False(writer.Write("x"));
    }

    [Fact]
    public void StdoutWriterWritesOneLinePerCall()
    {
        using var stream = new MemoryStream();
        var writer = new StdoutMessageLogWriter(stream);

        Assert.True(writer.Write("a\tb"));
        Assert.True(writer.Write("c"));

        Assert.Equal("a\tb\nc\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void SyslogWriterSendsAnRfc3164DatagramToTheSocket()
    {
        var socketPath = Path.Combine(_dir, "log.sock");
        using var syslog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        syslog.Bind(new UnixDomainSocketEndPoint(socketPath));
        syslog.ReceiveTimeout = 5000;

        using var writer = new SyslogMessageLogWriter(socketPath, "vigil");
        Assert.True(writer.Write("2025-03-04T08:05:07.123Z\tqueue\tclean\tGrüße"));

        var buffer = new byte[4096];
        var n = syslog.Receive(buffer);
        var datagram = Encoding.UTF8.GetString(buffer, 0, n);
        Assert.Matches(@"^<22>[A-Z][a-z]{2} [ 1-3]\d \d{2}:\d{2}:\d{2} vigil\[\d+\]: 2025-03-04T08:05:07\.123Z\tqueue\tclean\tGrüße$", datagram);
        Assert.Contains($"vigil[{Environment.ProcessId}]: ", datagram, StringComparison.Ordinal);
    }

    [Fact]
    public void SyslogFormatHasFacilityHostNameOptionAndCutsAtACharacterBoundary()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 4, 9, 5, 7, TimeSpan.Zero));
        var writer = new SyslogMessageLogWriter("/nonexistent", "vigil", facility: 16) { IncludeHostName = true, HostName = "gw", MaxMessageBytes = 40, Clock = clock };

        var text = Encoding.UTF8.GetString(writer.Format(new string('ü', 100), severity: 3));

        Assert.StartsWith($"<131>Mar  4 09:05:07 gw vigil[{Environment.ProcessId}]: ", text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 40);
        Assert.DoesNotContain('\uFFFD', text);
        Assert.False(writer.Write("no daemon listening"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}

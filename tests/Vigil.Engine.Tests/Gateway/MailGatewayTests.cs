using System.Text;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Gateway;

public sealed class MailGatewayTests
{
    private const string Clean = "From: a@example.org\r\nTo: b@example.net\r\nSubject: hello\r\nMessage-ID: <m1@example.org>\r\n\r\nplain text\r\n";

    private const string Banned =
        "From: a@example.org\r\nTo: b@example.net\r\nSubject: tool\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
        "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"tool.exe\"\r\n\r\nMZ\r\n--b--\r\n";

    private static readonly Envelope Mail = new("sender@example.org", ["rcpt@example.net"]) { Door = "test" };

    [Fact]
    public async Task CleanMailIsToBeDeliveredAndTheDoorGetsTheMessageBackByteForByte()
    {
        using var control = Control();
        var gateway = Build(control);

        using var outcome = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Deliver, outcome.Kind);
        using var copy = outcome.Message!.OpenRead();
        Assert.Equal(Clean, new StreamReader(copy, Encoding.Latin1).ReadToEnd());
        Assert.Equal("clean", outcome.Report!.Verdict);
        Assert.Equal("<m1@example.org>", outcome.Report.MessageId);
    }

    [Fact]
    public async Task BlockedMailIsQuarantinedBeforeTheOutcomeAndTheReportNamesTheQuarantineId()
    {
        using var control = Control();
        var observer = new RecordingObserver();
        var gateway = Build(control, observer);

        using var outcome = await gateway.ProcessAsync(Stream(Banned), Mail, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Quarantined, outcome.Kind);
        var report = Assert.Single(observer.Reports);
        Assert.Equal("policy", report.Verdict);
        Assert.NotNull(report.QuarantineId);
        Assert.Equal("policy", report.QuarantineFolder);
        Assert.Contains(report.Attachments, a => a.Name == "tool.exe");
        Assert.Single(Directory.GetFiles(Path.Combine(control.Path, "q", "policy", "new")));
        Assert.Contains("tool.exe", outcome.Reason + report.Findings[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnObserverThatThrowsDoesNotChangeWhatHappensToTheMail()
    {
        using var control = Control();
        var gateway = Build(control, new ThrowingObserver());

        using var outcome = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Deliver, outcome.Kind);
    }

    [Fact]
    public async Task ARelayClientIsJudgedUnderTheRelayClientProfileAndOthersAreNot()
    {
        using var control = Control();
        var relay = Path.Combine(control.Path, "relay");
        Directory.CreateDirectory(relay);
        File.WriteAllText(Path.Combine(relay, "options"), $"quarantine={Path.Combine(control.Path, "q")}\npolicyaction=reject\n");
        File.AppendAllText(Path.Combine(control.Path, "options"), $"relayclientprofile={relay}\n");
        var gateway = Build(control);

        using var outside = await gateway.ProcessAsync(Stream(Banned), Mail with { RelayClient = false }, DoorContext.Silent);
        using var relayed = await gateway.ProcessAsync(Stream(Banned), Mail with { RelayClient = true }, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Quarantined, outside.Kind);
        Assert.Equal(OutcomeKind.Rejected, relayed.Kind);
    }

    [Fact]
    public async Task HeaderAddressesComeFromTheRealParserIncludingFoldedAndEncodedFields()
    {
        using var control = Control();
        File.AppendAllText(Path.Combine(control.Path, "options"), "evalheaderaddress=y\n");
        var gateway = Build(control);
        var message = "From: =?utf-8?q?J=C3=B6rg?=\r\n <joerg@example.org>\r\nTo: Someone <someone@example.net>, other@example.net\r\n\r\nbody\r\n";

        using var outcome = await gateway.ProcessAsync(Stream(message), Mail, DoorContext.Silent);

        Assert.Equal("joerg@example.org", outcome.Report!.Sender);
        Assert.Equal(["someone@example.net"], outcome.Report.Recipients);
    }

    [Fact]
    public async Task AnUnsafeHeaderAddressKeepsTheEnvelopeAddress()
    {
        using var control = Control();
        File.AppendAllText(Path.Combine(control.Path, "options"), "evalheaderaddress=y\n");
        var gateway = Build(control);

        using var outcome = await gateway.ProcessAsync(Stream("From: <a\"b@x>\r\n\r\nbody\r\n"), Mail, DoorContext.Silent);

        Assert.Equal("sender@example.org", outcome.Report!.Sender);
    }

    [Fact]
    public async Task AControlFileBrokenAfterStartDefersWithAConfigurationFault()
    {
        using var control = Control();
        var gateway = Build(control);
        File.WriteAllText(Path.Combine(control.Path, "badfilenames"), "([unclosed\n");

        using var outcome = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Deferred, outcome.Kind);
        Assert.Equal(GatewayFault.Configuration, outcome.Fault);
        Assert.Contains("badfilenames", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingProfileDirectoryIsAnErrorAtStart()
    {
        using var control = Control();

        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = control.Path }, [Path.Combine(control.Path, "nowhere")]);

        Assert.False(build.Succeeded);
        Assert.Contains("No such directory", Assert.Single(build.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageThatCannotBeReadIsDeferredAsAReadFault()
    {
        using var control = Control();
        var gateway = Build(control);

        using var outcome = await gateway.ProcessAsync(new FailingStream(), Mail, DoorContext.Silent);

        Assert.Equal(OutcomeKind.Deferred, outcome.Kind);
        Assert.Equal(GatewayFault.Read, outcome.Fault);
    }

    [Fact]
    public async Task AResidentGatewayTakesAChangedPolicyWithinItsWindowOrAtOnceWhenInvalidated()
    {
        using var control = Control();
        // An hour's window: within this test only InvalidateControlFiles makes it look again.
        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = control.Path, Node = "test-node", PolicyRecheck = TimeSpan.FromHours(1) });
        var gateway = build.Gateway!;
        using (var before = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent))
        {
            Assert.Equal(OutcomeKind.Deliver, before.Kind);
        }

        control.Write("badsubjects", "hello\n");
        using (var within = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent))
        {
            Assert.Equal(OutcomeKind.Deliver, within.Kind);
        }

        gateway.InvalidateControlFiles();
        using var after = await gateway.ProcessAsync(Stream(Clean), Mail, DoorContext.Silent);
        Assert.Equal(OutcomeKind.Quarantined, after.Kind);
        Assert.Contains("badsubjects", after.Report!.Findings[0].Rule, StringComparison.Ordinal);
    }

    private static TempDir Control()
    {
        var dir = new TempDir();
        dir.Write("options", $"quarantine={Path.Combine(dir.Path, "q")}\n");
        return dir;
    }

    private static MailGateway Build(TempDir control, params IOutcomeObserver[] observers)
    {
        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = control.Path, Observers = observers, Node = "test-node" });
        Assert.True(build.Succeeded, string.Join("\n", build.Errors));
        return build.Gateway!;
    }

    private static MemoryStream Stream(string text) => new(Encoding.Latin1.GetBytes(text));

    private sealed class RecordingObserver : IOutcomeObserver
    {
        public List<OutcomeReport> Reports { get; } = [];

        public void Observe(OutcomeReport report) => Reports.Add(report);
    }

    private sealed class ThrowingObserver : IOutcomeObserver
    {
        public void Observe(OutcomeReport report) => throw new InvalidOperationException("observer bug");
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

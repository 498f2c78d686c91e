using System.Text;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// The milter listener over a real socket through Kestrel, driven by a test MTA: negotiation, a
/// whole conversation, the engine's verdict turned into replies, and bad input that must end in a
/// closed connection with the listener still serving.
/// </summary>
public class MilterProtocolTests
{
    [Fact]
    public async Task NegotiationAnswersVersion6WithHeaderActionsQuarantineAndFewerRoundTrips()
    {
        await using var host = await MilterTestHost.StartAsync(null);
        using var mta = new MilterTestClient(host.Port);
        var (version, actions, protocol) = mta.Negotiate();
        Assert.Equal(6u, version);
        Assert.Equal(0x01u | 0x10u | 0x20u, actions);
        Assert.Equal(0x100u | 0x200u | 0x100000u | 0x80u | 0x80000u, protocol);
    }

    [Fact]
    public async Task OnlyWhatTheMtaOffersIsTaken()
    {
        await using var host = await MilterTestHost.StartAsync(null);
        using var mta = new MilterTestClient(host.Port);
        var (_, actions, protocol) = mta.Negotiate(actions: 0x01, protocol: 0x7F);
        Assert.Equal(0x01u, actions);
        Assert.Equal(0u, protocol);
    }

    [Fact]
    public async Task CleanMailIsAcceptedWithOurStatusHeaderOnTopAndAForgedOneDeleted()
    {
        using var control = new TempDir();
        control.Write("options", "statusheader=yes\n");
        await using var host = await MilterTestHost.StartAsync(control.Path);
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate();
        var replies = Conversation(mta, "Hello", extraHeader: ("X-Vigil-Status", " clean; forged"));
        var codes = new string([.. replies.Select(r => r.Code)]);
        Assert.Equal("mia", codes);
        Assert.Equal(1u, replies[0].Index);
        Assert.Equal(["X-Vigil-Status", ""], replies[0].Strings(4));
        Assert.Equal(0u, replies[1].Index);
        var inserted = replies[1].Strings(4);
        Assert.Equal("X-Vigil-Status", inserted[0]);
        Assert.StartsWith(" clean; parts=1; bytes=", inserted[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task APolicyRejectIsA554ReplyCodeWithOurWordsOnly()
    {
        using var control = new TempDir();
        control.Write("badsubjects", "REJECTME\n");
        control.Write("options", "policyaction=reject\n");
        await using var host = await MilterTestHost.StartAsync(control.Path);
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate();
        var reply = Assert.Single(Conversation(mta, "please REJECTME now"));
        Assert.Equal('y', reply.Code);
        var text = reply.Strings()[0];
        Assert.StartsWith("554 5.7.1 Vigil: message refused by policy rule ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("please", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuarantinedMessageIsHeldByTheMta()
    {
        using var control = QuarantiningControl();
        await using var host = await MilterTestHost.StartAsync(control.Path);
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate();
        var replies = Conversation(mta, "HOLDME");
        Assert.Equal("qa", new string([.. replies.Select(r => r.Code)]));
        Assert.StartsWith("Vigil: ", replies[0].Strings()[0], StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(control.Path, "q"), "*", SearchOption.AllDirectories), f => f.Contains("/new/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutQuarantineAllowedAQuarantinedMessageIsDiscardedNotPassed()
    {
        using var control = QuarantiningControl();
        await using var host = await MilterTestHost.StartAsync(control.Path);
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate(actions: 0x01 | 0x10);
        Assert.Equal('d', Assert.Single(Conversation(mta, "HOLDME")).Code);
    }

    [Fact]
    public async Task WhileASlowScannerWorksTheMtaIsToldWeAreStillAtIt()
    {
        using var control = new TempDir();
        // A real program as the scanner that takes its time: /bin/sh sleeping, then clean.
        control.Write("scanners", "command slow /bin/sh -c \"sleep 1.5; cat >/dev/null\"\n");
        await using var host = await MilterTestHost.StartAsync(control.Path, new Vigil.Server.Milter.MilterLimits { ProgressInterval = TimeSpan.FromMilliseconds(200) });
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate();
        var codes = new string([.. Conversation(mta, "slow").Select(r => r.Code)]);
        Assert.Matches("^p{3,}a$", codes);
    }

    [Fact]
    public async Task AnAbortedMessageLeavesTheConnectionReadyForTheNext()
    {
        await using var host = await MilterTestHost.StartAsync(null);
        using var mta = new MilterTestClient(host.Port);
        mta.Negotiate();
        mta.Send('C', Encoding.ASCII.GetBytes("client.test\0" + "4\u0004\u00d2127.0.0.1\0"));
        Assert.Equal('c', mta.Read()!.Code);
        mta.Send('M', "<a@client.test>");
        Assert.Equal('c', mta.Read()!.Code);
        mta.Send('A', ReadOnlySpan<byte>.Empty);
        Assert.Equal('a', Conversation(mta, "second", connect: false).Last().Code);
    }

    [Fact]
    public async Task ALyingLengthClosesTheConnectionUnreadAndTheListenerServesOn()
    {
        await using var host = await MilterTestHost.StartAsync(null);
        using (var mta = new MilterTestClient(host.Port))
        {
            mta.SendRaw([0x7F, 0xFF, 0xFF, 0xFF, (byte)'O', 0, 0, 0, 6]);
            Assert.True(mta.IsClosedByServer());
        }

        using (var mta = new MilterTestClient(host.Port))
        {
            mta.Negotiate();
            mta.Send('B', new byte[2 * 1024 * 1024]);
            Assert.True(mta.IsClosedByServer());
        }

        using var again = new MilterTestClient(host.Port);
        Assert.Equal(6u, again.Negotiate().Version);
    }

    [Fact]
    public async Task GarbageAZeroLengthACommandBeforeNegotiationAndATruncatedPacketEachCloseTheConnection()
    {
        await using var host = await MilterTestHost.StartAsync(null);
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            var garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            garbage[0] = (byte)random.Next(0x01, 0x80);
            using var mta = new MilterTestClient(host.Port);
            mta.SendRaw(garbage);
            mta.SendRaw(new byte[8]);
            Assert.True(mta.IsClosedByServer(), $"garbage round {i}");
        }

        using (var mta = new MilterTestClient(host.Port))
        {
            mta.SendRaw([0, 0, 0, 0]);
            Assert.True(mta.IsClosedByServer());
        }

        using (var mta = new MilterTestClient(host.Port))
        {
            mta.Send('M', "<a@b>");
            Assert.True(mta.IsClosedByServer());
        }

        using (var mta = new MilterTestClient(host.Port))
        {
            mta.Negotiate();
            mta.Send('Z', "what");
            Assert.True(mta.IsClosedByServer());
        }

        using var again = new MilterTestClient(host.Port);
        Assert.Equal(6u, again.Negotiate().Version);
    }

    /// <summary>A control directory whose policy quarantines mail with HOLDME in its subject, into control/q.</summary>
    private static TempDir QuarantiningControl()
    {
        var control = new TempDir();
        control.Write("badsubjects", "HOLDME\n");
        control.Write("options", $"policyaction=quarantine\nquarantine={control.Path}/q\n");
        return control;
    }

    /// <summary>connect, helo, mail, rcpt, headers, eoh, body, eom (replies only where the negotiation asks for them); the replies to eom.</summary>
    private static List<MilterTestClient.Reply> Conversation(MilterTestClient mta, string subject, (string Name, string Value)? extraHeader = null, bool connect = true)
    {
        if (connect)
        {
            mta.Send('D', Encoding.ASCII.GetBytes("C{daemon_name}\0test\0"));
            mta.Send('C', Encoding.ASCII.GetBytes("client.test\0" + "4\u0004\u00d2127.0.0.1\0"));
            Assert.Equal('c', mta.Read()!.Code);
            mta.Send('H', "client.test");
            Assert.Equal('c', mta.Read()!.Code);
        }

        mta.Send('M', "<sender@client.test>", "SIZE=100");
        Assert.Equal('c', mta.Read()!.Code);
        mta.Send('R', "<alice@example.test>");
        Assert.Equal('c', mta.Read()!.Code);
        mta.Send('L', "From", " sender@client.test");
        mta.Send('L', "Subject", " " + subject);
        if (extraHeader is { } h)
        {
            mta.Send('L', h.Name, h.Value);
        }

        mta.Send('N', ReadOnlySpan<byte>.Empty);
        Assert.Equal('c', mta.Read()!.Code);
        mta.Send('B', Encoding.ASCII.GetBytes("plain body\r\n"));
        mta.Send('D', Encoding.ASCII.GetBytes("Ei\0QID123\0"));
        mta.Send('E', ReadOnlySpan<byte>.Empty);
        return mta.ReadUntilFinal();
    }
}

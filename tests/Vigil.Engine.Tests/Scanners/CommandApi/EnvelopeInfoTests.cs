using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Tests.Scanners.CommandApi;

public sealed class EnvelopeInfoTests
{
    private static readonly Dictionary<string, string> LocalVariables = new()
    {
        ["SENDER"] = "forged@example.org",
        ["RECIPIENT"] = "vd-bob-list@example.net",
        ["LOCAL"] = "bob-list",
        ["HOST"] = "example.net",
        ["EXT"] = "list",
        ["USER"] = "bob",
        ["HOME"] = "/home/bob",
        ["DTLINE"] = "Delivered-To: bob-list@example.net\n",
    };

    [Fact]
    public void TheJudgedEnvelopeOverridesQmailLocalsSenderAndRecipientTheRestComesAsGiven()
    {
        var envelope = new Envelope("alice@example.org", ["bob-list@example.net"]) { Variables = LocalVariables, ClientIp = "192.0.2.7" };

        var info = EnvelopeInfo.From(envelope);

        Assert.Equal("alice@example.org", info.Sender);
        Assert.Equal("bob-list@example.net", info.Recipient);
        Assert.Equal(("bob-list", "example.net", "list", "bob", "/home/bob"), (info.Local, info.Host, info.Ext, info.User, info.Home));
        Assert.Equal("Delivered-To: bob-list@example.net\n", info.DtLine);
        Assert.Equal("192.0.2.7", info.ClientIp);
    }

    [Fact]
    public void WithSeveralRecipientsNoOneRecipientIsNamed()
    {
        var info = EnvelopeInfo.From(new Envelope("a@example.org", ["b@example.net", "c@example.net"]) { Variables = LocalVariables });

        Assert.Equal("", info.Recipient);
        Assert.Equal("a@example.org", info.Sender);
    }

    [Fact]
    public void WithoutRecipientsQmailLocalsRecipientStands()
    {
        var info = EnvelopeInfo.From(new Envelope(null, []) { Variables = LocalVariables });

        Assert.Equal("vd-bob-list@example.net", info.Recipient);
        Assert.Equal("forged@example.org", info.Sender);
    }
}

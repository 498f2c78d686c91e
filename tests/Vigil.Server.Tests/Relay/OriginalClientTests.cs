using System.Net;
using Vigil.Server.Relay;

namespace Vigil.Server.Tests.Relay;

/// <summary>The XFORWARD commands for a next hop: only the attributes it names, xtext, `[UNAVAILABLE]` for what is not known, IPv6 with its prefix, long sets split under 512 bytes.</summary>
public class OriginalClientTests
{
    [Fact]
    public void OnlyTheOfferedAttributesAreSentUnknownOnesAsUnavailable()
    {
        var client = new OriginalClient(IPAddress.Parse("192.0.2.7"), null, "client.test", "ESMTP", null);

        var commands = client.Commands(new HashSet<string> { "NAME", "ADDR", "HELO" });

        Assert.Equal(["XFORWARD NAME=[UNAVAILABLE] ADDR=192.0.2.7 HELO=client.test"], commands);
    }

    [Fact]
    public void ValuesAreXtextAndIpv6HasItsPrefix()
    {
        var client = new OriginalClient(IPAddress.Parse("2001:db8::7"), "host.test", "a+b=c d", "SMTP", "REMOTE", "4ABC1");

        var commands = client.Commands(new HashSet<string> { "NAME", "ADDR", "PROTO", "HELO", "SOURCE", "IDENT" });

        Assert.Equal(["XFORWARD NAME=host.test ADDR=IPV6:2001:db8::7 PROTO=SMTP HELO=a+2Bb+3Dc+20d SOURCE=REMOTE IDENT=4ABC1"], commands);
    }

    [Fact]
    public void AnIpv4MappedAddressIsSentAsIpv4AndALongSetIsSplitUnder512Bytes()
    {
        var client = new OriginalClient(IPAddress.Parse("::ffff:192.0.2.8"), new string('n', 255), new string('h', 300), "ESMTP", null);

        var commands = client.Commands(new HashSet<string> { "NAME", "ADDR", "HELO" });

        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.True(c.Length <= 512, c));
        Assert.Contains(" ADDR=192.0.2.8", commands[0], StringComparison.Ordinal);
        Assert.StartsWith("XFORWARD HELO=" + new string('h', 255), commands[1], StringComparison.Ordinal);
    }
}

using Vigil.Doors.Deliver;

namespace Vigil.Tests.Doors;

/// <summary>QMVC's dot-qmail flags parsed as getopt parses `nuc:v:` (seed 001).</summary>
public sealed class DeliverArgumentsTests
{
    [Theory]
    [InlineData(new[] { "-uv-" }, false, true, null, "-")]
    [InlineData(new[] { "-nu" }, true, true, null, null)]
    [InlineData(new[] { "-n", "-u" }, true, true, null, null)]
    [InlineData(new[] { "-v", "-" }, false, false, null, "-")]
    [InlineData(new[] { "-v-" }, false, false, null, "-")]
    [InlineData(new[] { "-v", "virt-" }, false, false, null, "virt-")]
    [InlineData(new[] { "-vvirt-" }, false, false, null, "virt-")]
    [InlineData(new[] { "-c", "/home/vpopmail/mydomain/qmvc" }, false, false, "/home/vpopmail/mydomain/qmvc", null)]
    [InlineData(new[] { "-nc/base", "-uv", "x-" }, true, true, "/base", "x-")]
    public void FlagsCombineAndTakeTheirValueFromTheSameOrTheNextWord(string[] args, bool n, bool u, string? baseDir, string? strip)
    {
        var parsed = DeliverArguments.Parse(args, out var error);

        Assert.True(parsed is not null, error);
        Assert.Equal(n, parsed.SkipNoScanTypes);
        Assert.Equal(u, parsed.UserProfile);
        Assert.Equal(baseDir, parsed.BaseDirectory);
        Assert.Equal(strip, parsed.StripPrefix);
    }

    [Fact]
    public void LongOptionsPassThroughWithTheirValues()
    {
        var parsed = DeliverArguments.Parse(["--control", "/etc/vigil", "--clamd=unix:/run/clamd.ctl", "-u"], out var error);

        Assert.True(parsed is not null, error);
        Assert.Equal(["--control", "/etc/vigil", "--clamd", "unix:/run/clamd.ctl"], parsed.CommonArgs);
        Assert.True(parsed.UserProfile);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("-ux")]
    [InlineData("-c")]
    [InlineData("-v")]
    [InlineData("--contrl")]
    [InlineData("--control")]
    [InlineData("stray")]
    public void AnythingElseIsAUsageErrorThatNamesIt(string bad)
    {
        var parsed = DeliverArguments.Parse(["-u", bad], out var error);

        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.Contains(bad, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-v-", "domain", "domain-joe@example.com", "joe@example.com")]
    [InlineData("-v-", "domain", "other-joe@example.com", "other-joe@example.com")]
    [InlineData("-v-", "", "domain-joe@example.com", "domain-joe@example.com")]
    [InlineData("-vvirt-", "domain", "virt-joe@example.com", "joe@example.com")]
    [InlineData("-vvirt-", "domain", "virt-", "virt-")]
    [InlineData("-n", "domain", "domain-joe@example.com", "domain-joe@example.com")]
    public void DashVStripsUserDashOrTheLiteralPrefix(string flag, string user, string recipient, string expected)
    {
        var parsed = DeliverArguments.Parse([flag], out var error);

        Assert.True(parsed is not null, error);
        Assert.Equal(expected, parsed.Recipient(recipient, user));
    }
}

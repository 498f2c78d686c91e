using Vigil.Engine.Scanners.Spamd;
using static Vigil.Engine.Tests.Scanners.Spamd.SpamTestMail;

namespace Vigil.Engine.Tests.Scanners.Spamd;

public sealed class SpamdScannerOptionsTests
{
    [Fact]
    public void AFullLineGivesTheAddressLevelsSizeTimeoutAndUser()
    {
        Assert.True(SpamdScannerOptions.TryParse(Tokens("tcp:127.0.0.1:783 tag=5 quarantine=10 reject=15.5 maxsize=500000 timeout=30 user=vigil optional"), out var o, out var error), error);
        Assert.Equal("tcp:127.0.0.1:783", o!.Address.ToString());
        Assert.Equal(new SpamBands(5, 10, 15.5), o.Settings.Bands);
        Assert.Equal(500000, o.Settings.MaxSize);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Settings.Timeout);
        Assert.False(o.Settings.Required);
        Assert.Equal("vigil", o.User);
    }

    [Fact]
    public void AnAddressAloneTakesSpamcsDefaultsAndIsRequired()
    {
        Assert.True(SpamdScannerOptions.TryParse(Tokens("unix:/run/spamd.sock"), out var o, out var error), error);
        Assert.True(o!.Address.IsUnix);
        Assert.Equal(SpamBands.FilterThreshold, o.Settings.Bands);
        Assert.Equal(512000, o.Settings.MaxSize);
        Assert.True(o.Settings.Required);
        Assert.Null(o.User);
    }

    [Theory]
    [InlineData("", "needs an address")]
    [InlineData("nonsense", "not a spamd address")]
    [InlineData("tcp:127.0.0.1:783 tag=five", "tag must be a score")]
    [InlineData("tcp:127.0.0.1:783 tag=10 quarantine=5", "quarantine must not be below tag")]
    [InlineData("tcp:127.0.0.1:783 quarantine=10 reject=5", "reject must not be below quarantine")]
    [InlineData("tcp:127.0.0.1:783 maxsize=-1", "maxsize")]
    [InlineData("tcp:127.0.0.1:783 timeout=0", "timeout")]
    [InlineData("tcp:127.0.0.1:783 colour=red", "unknown option colour")]
    [InlineData("tcp:127.0.0.1:783 reject", "expected key=value")]
    public void ABadLineIsRefusedWithTheReason(string line, string reason)
    {
        Assert.False(SpamdScannerOptions.TryParse(Tokens(line), out var o, out var error));
        Assert.Null(o);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.9, SpamBand.None)]
    [InlineData(5.0, SpamBand.Tag)]
    [InlineData(10.0, SpamBand.Quarantine)]
    [InlineData(15.0, SpamBand.Reject)]
    [InlineData(1000.0, SpamBand.Reject)]
    public void ScoresFallIntoTheirBandsAtEachLevel(double score, SpamBand band) =>
        Assert.Equal(band, new SpamBands(5, 10, 15).Classify(new SpamScore(score, 5, [], score >= 5)));

    [Fact]
    public void ADetailReadsBackAsTheSameScore()
    {
        var score = new SpamScore(-0.1, 5, ["ALL_TRUSTED", "BAYES_00"], false);
        Assert.True(SpamScore.TryParseDetail(score.ToDetail() + " action=\"no action\"", out var back));
        Assert.Equal((-0.1, 5.0, false), (back!.Score, back.Threshold, back.IsSpam));
        Assert.Equal(score.Symbols, back.Symbols);
        Assert.Equal("No, score=-0.1 required=5.0 tests=ALL_TRUSTED,BAYES_00", back.ToStatusHeader());
    }
}

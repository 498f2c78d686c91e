using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Engine.Tests.Scanners;

public sealed class ClamdAddressTests
{
    [Theory]
    [InlineData("unix:/run/clamav/clamd.ctl", "unix:/run/clamav/clamd.ctl")]
    [InlineData("/tmp/clamd.sock", "unix:/tmp/clamd.sock")]
    [InlineData("tcp:127.0.0.1:3310", "tcp:127.0.0.1:3310")]
    [InlineData("localhost:3310", "tcp:localhost:3310")]
    [InlineData("tcp:[::1]:3310", "tcp:[::1]:3310")]
    public void EveryWrittenFormParses(string text, string canonical)
    {
        Assert.True(ClamdAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(canonical, address!.ToString());
    }

    [Theory]
    [InlineData("clamd")]
    [InlineData("unix:")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("tcp:127.0.0.1:0")]
    [InlineData("tcp:127.0.0.1:70000")]
    [InlineData("127.0.0.1:port")]
    [InlineData(":3310")]
    public void MalformedAddressesAreRefusedWithAReason(string text)
    {
        Assert.False(ClamdAddress.TryParse(text, out _, out var error));
        Assert.Contains(text.Trim(), error, StringComparison.Ordinal);
    }
}

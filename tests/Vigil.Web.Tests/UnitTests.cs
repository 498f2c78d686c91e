using Vigil.Web.Html;
using Vigil.Web.Security;
using Vigil.Web.Users;

namespace Vigil.Web.Tests;

/// <summary>The dashboard's small parts on their own: the password hash, the login throttle's window, the HTML writer.</summary>
public sealed class UnitTests
{
    [Fact]
    public void APasswordHashIsSaltedPerUserAndChecksOnlyItsPassword()
    {
        var a = PasswordHasher.Hash("a long password");
        var b = PasswordHasher.Hash("a long password");
        Assert.NotEqual(a, b);
        Assert.StartsWith($"pbkdf2-sha256${PasswordHasher.Iterations}$", a, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("a long password", a));
        Assert.False(PasswordHasher.Verify("a long passwore", a));
        Assert.False(PasswordHasher.Verify("a long password", "plain"));
        Assert.False(PasswordHasher.Verify("a long password", "pbkdf2-sha256$x$y$z"));
    }

    [Fact]
    public void TheThrottleRefusesAfterTheFailuresAndAllowsAgainOnceTheOldestLeavesTheWindow()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var throttle = new LoginThrottle(3, TimeSpan.FromMinutes(15), () => now);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Wait("192.0.2.1", "ann"));
            throttle.Failed("192.0.2.1", "ann");
            now += TimeSpan.FromMinutes(1);
        }

        Assert.Equal(TimeSpan.FromMinutes(12), throttle.Wait("192.0.2.1", "bob"));   // the address
        Assert.Equal(TimeSpan.FromMinutes(12), throttle.Wait("192.0.2.9", "ANN"));   // the name, any case
        Assert.Equal(TimeSpan.Zero, throttle.Wait("192.0.2.9", "bob"));
        now += TimeSpan.FromMinutes(12);
        Assert.Equal(TimeSpan.Zero, throttle.Wait("192.0.2.1", "ann"));
    }

    [Fact]
    public void TheHtmlWriterEncodesEveryTextAndAttributeValue()
    {
        var h = new HtmlWriter();
        h.Element("td", "<script>alert(1)</script>", ("title", "\" onmouseover=\"x"), ("class", null), ("checked", ""));
        Assert.Equal("<td title=\"&quot; onmouseover=&quot;x\" checked>&lt;script&gt;alert(1)&lt;/script&gt;</td>", h.ToString());
    }
}

using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Policy;

public sealed class LimitOverridesTests
{
    [Fact]
    public void NothingSetIsEmpty()
    {
        Assert.True(LimitOverrides.None.IsEmpty);
        Assert.True(new LimitOverrides().IsEmpty);
    }

    [Fact]
    public void AnySingleOverrideMakesItNotEmpty()
    {
        // IsEmpty names every member; this finds a member added later and forgotten there.
        var members = typeof(LimitOverrides).GetProperties().Where(p => p.CanWrite).ToList();
        Assert.NotEmpty(members);
        foreach (var member in members)
        {
            var overrides = new LimitOverrides();
            var type = Nullable.GetUnderlyingType(member.PropertyType)!;
            member.SetValue(overrides, type == typeof(TimeSpan) ? TimeSpan.FromSeconds(1) : Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture));

            Assert.False(overrides.IsEmpty, member.Name);
        }
    }
}

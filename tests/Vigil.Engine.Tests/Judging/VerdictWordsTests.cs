using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Judging;

public sealed class VerdictWordsTests
{
    [Fact]
    public void EveryCategoryHasItsNameInLowerCase()
    {
        foreach (var category in Enum.GetValues<FindingCategory>())
        {
            Assert.Equal(category.ToString().ToLowerInvariant(), category.Word());
        }
    }

    [Fact]
    public void EveryVerdictKindHasItsNameInLowerCase()
    {
        foreach (var kind in Enum.GetValues<VerdictKind>())
        {
            Assert.Equal(kind.ToString().ToLowerInvariant(), kind.Word());
        }
    }
}

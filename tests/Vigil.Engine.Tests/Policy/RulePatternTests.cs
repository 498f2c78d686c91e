using System.Text.RegularExpressions;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Policy;

/// <summary>Plain-text rule patterns run as substring searches and must answer exactly as their regex would.</summary>
public sealed class RulePatternTests
{
    private const RegexOptions CaseBlind = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("ILOVEYOU", true)]
    [InlineData("I-LOVE-YOU", true)]
    [InlineData("Make money fast!", true)]
    [InlineData("100% free", true)]
    [InlineData("", true)]
    [InlineData(@"\.exe$", false)]
    [InlineData("a.b", false)]
    [InlineData("^Bulk", false)]
    [InlineData("(viagra|cialis)", false)]
    [InlineData("x{2}", false)]
    [InlineData("[a]", false)]
    [InlineData("free?", false)]
    [InlineData("a#b", false)]
    [InlineData("caf\u00e9", false)]
    public void OnlyPatternsWithoutRegexSyntaxAreLiteral(string pattern, bool literal)
    {
        Assert.Equal(literal, new RegexFactory(ignoreCase: true, Timeout, RegexEngineChoice.Backtracking).Create(pattern, out _, out _)!.IsLiteral);
    }

    [Fact]
    public void TheFactoryMakesLiteralsOfPlainWordsAndRegexesOfTheRest()
    {
        var factory = new RegexFactory(ignoreCase: true, Timeout, RegexEngineChoice.Backtracking);

        Assert.True(factory.Create("ILOVEYOU", out _, out _)!.IsLiteral);
        Assert.False(factory.Create(@"\.pif$", out _, out _)!.IsLiteral);
        Assert.Null(factory.Create("(unclosed", out var error, out _));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnswersAsTheRegexDoesOnRandomAsciiText(bool ignoreCase)
    {
        var options = ignoreCase ? CaseBlind : RegexOptions.CultureInvariant;
        var factory = new RegexFactory(ignoreCase, Timeout, RegexEngineChoice.Backtracking);
        var random = new Random(20261122);
        const string Alphabet = "aAbBkKsSiI -!%@0";
        string Draw(int max)
        {
            var chars = new char[random.Next(max + 1)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            return new string(chars);
        }

        var matches = 0;
        for (var round = 0; round < 3000; round++)
        {
            var pattern = Draw(3);
            var input = Draw(12);
            var literal = factory.Create(pattern, out _, out _)!;
            Assert.True(literal.IsLiteral);
            var expected = new Regex(pattern, options, Timeout).IsMatch(input);
            Assert.True(expected == literal.IsMatch(input), $"pattern '{pattern}' on '{input}': the regex says {expected}");
            matches += expected ? 1 : 0;
        }

        // Both answers occur, so the comparison above tested something.
        Assert.InRange(matches, 300, 2700);
    }

    [Theory]
    [InlineData("ok", "o\u212A", true)] // KELVIN SIGN is a k to the regex, not to an ordinal comparison
    [InlineData("ILOVEYOU", "fw: iloveyou \u00e9t\u00e9", true)]
    [InlineData("is", "\u0131s", false)] // dotless i is not an i to the invariant regex
    public void NonAsciiInputGetsTheRegexAnswer(string pattern, string input, bool expected)
    {
        var literal = new RegexFactory(ignoreCase: true, Timeout, RegexEngineChoice.NonBacktracking).Create(pattern, out _, out _)!;
        Assert.True(literal.IsLiteral);

        Assert.Equal(new Regex(pattern, CaseBlind).IsMatch(input), literal.IsMatch(input));
        Assert.Equal(expected, literal.IsMatch(input));
    }
}

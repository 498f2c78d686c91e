using System.Text;
using Vigil.Mime.Embedded;

namespace Vigil.Mime.Tests.Embedded;

public sealed class BoundedLineReaderTests
{
    [Fact]
    public void SplitsOnLfAndCrLfAndKeepsALastLineWithoutTerminator()
    {
        var lines = Read("one\r\ntwo\n\r\nthree");

        Assert.Equal(["one", "two", "", "three"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.False(l.Chopped));
    }

    [Fact]
    public void ChopsALineAtTheLimitAndSkipsItsRest()
    {
        var lines = Read(new string('x', BoundedLineReader.MaxLineLength * 3 + 5) + "\nnext\n");

        Assert.Equal(2, lines.Count);
        Assert.Equal(BoundedLineReader.MaxLineLength, lines[0].Text.Length);
        Assert.True(lines[0].Chopped);
        Assert.Equal("next", lines[1].Text);
    }

    private static List<(string Text, bool Chopped)> Read(string text)
    {
        using var reader = new BoundedLineReader(new MemoryStream(Encoding.ASCII.GetBytes(text)));
        var lines = new List<(string, bool)>();
        while (reader.TryReadLine(out var line, out var chopped))
        {
            lines.Add((Encoding.ASCII.GetString(line), chopped));
        }

        return lines;
    }
}

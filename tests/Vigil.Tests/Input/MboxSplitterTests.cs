using System.Text;
using Vigil.Input;
using Vigil.Testing;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Input;

public class MboxSplitterTests
{
    private static List<string> Messages(string mbox)
    {
        using var dir = new TempDir();
        var file = dir.Write("box", mbox);
        var bytes = File.ReadAllBytes(file);
        return MboxSplitter.Split(file).Select(r => Encoding.UTF8.GetString(bytes, (int)r.Start, (int)r.Length)).ToList();
    }

    [Fact]
    public void SplitsAtFromLinesAndDropsTheSeparators()
    {
        var messages = Messages("From a@x Mon Jan 1 00:00:00 2026\nSubject: one\n\nbody\n>From quoted\n\nFrom b@x Mon Jan 1 00:00:01 2026\nSubject: two\n\nbody two\n");
        Assert.Equal(["Subject: one\n\nbody\n>From quoted\n\n", "Subject: two\n\nbody two\n"], messages);
    }

    [Fact]
    public void FindsSeparatorsAcrossReadBufferBoundaries()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            sb.Append($"From s{i}@x Mon Jan 1 00:00:00 2026\nSubject: {i}\n\n").Append('x', i % 97).Append('\n');
        }

        var messages = Messages(sb.ToString());
        Assert.Equal(3000, messages.Count);
        Assert.Equal("Subject: 2999\n\n" + new string('x', 2999 % 97) + "\n", messages[^1]);
    }

    [Fact]
    public void ALastSeparatorWithoutMessageGivesAnEmptyOne() =>
        Assert.Equal(["Subject: a\n\nb\n", ""], Messages("From a@x\nSubject: a\n\nb\nFrom z@x"));
}

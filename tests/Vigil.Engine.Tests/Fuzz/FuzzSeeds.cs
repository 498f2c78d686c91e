using Vigil.Testing;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>The real mails mutations start from, loaded once for all fuzz tests.</summary>
internal static class FuzzSeeds
{
    private static readonly Lazy<IReadOnlyList<FuzzSeed>> AllLazy = new(Load);

    /// <summary>SpamAssassin nice and spam, MimeKit messages, mailparser fixtures, mime-is-broken hide-content.</summary>
    public static IReadOnlyList<FuzzSeed> All => AllLazy.Value;

    public static FuzzSeed Pick(Random random) => All[random.Next(All.Count)];

    private static List<FuzzSeed> Load()
    {
        string[][] folders =
        [
            ["spamassassin", "nice"],
            ["spamassassin", "spam"],
            ["mimekit", "messages"],
            ["mailparser"],
            ["mime-is-broken", "hide-content-sample"],
        ];

        var seeds = new List<FuzzSeed>();
        foreach (var folder in folders)
        {
            var dir = TestPaths.Corpus(folder);
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                seeds.Add(new FuzzSeed(string.Join('/', folder) + "/" + Path.GetFileName(file), File.ReadAllBytes(file)));
            }
        }

        return seeds;
    }
}

/// <summary>One seed mail: where it came from and its bytes.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes);

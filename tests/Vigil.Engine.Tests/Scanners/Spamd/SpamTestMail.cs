using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Judging;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Spamd;

/// <summary>Mails for the spam filters: SpamAssassin's own GTUBE and ham from the corpus, and built ones.</summary>
internal static class SpamTestMail
{
    /// <summary>The Generic Test for Unsolicited Bulk Email: every SpamAssassin scores it 1000.</summary>
    public const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    public static string GtubeFile => TestPaths.Corpus("spamassassin", "spam", "gtube.eml");

    /// <summary>A real mail (a mailing-list message from 2001) both filters call harmless offline.</summary>
    public static string HamFile => TestPaths.Corpus("spamassassin", "nice", "001");

    /// <summary>A GTUBE mail padded with plain text to at least <paramref name="size"/> bytes.</summary>
    public static byte[] GtubeOfSize(int size)
    {
        var sb = new StringBuilder("From: a@example.test\r\nTo: b@example.test\r\nSubject: big\r\n\r\n" + Gtube + "\r\n");
        while (sb.Length < size)
        {
            sb.Append("Just some more words to make this message larger than the limit.\r\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static async Task<Judgement> ScanAsync(IContentScanner scanner, byte[] mail) =>
        await new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), [scanner]).JudgeAsync(new MemoryStream(mail));

    public static Task<Judgement> ScanFileAsync(IContentScanner scanner, string path) => ScanAsync(scanner, File.ReadAllBytes(path));

    /// <summary>Splits a scanners-file line after the kind, as the config reader will.</summary>
    public static string[] Tokens(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

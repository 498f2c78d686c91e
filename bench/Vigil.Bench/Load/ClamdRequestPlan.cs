using Vigil.Engine.Analysis;
using Vigil.Engine.Judging;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Bench.Load;

/// <summary>
/// What Vigil's default clamd mode (`both`) sends clamd for each corpus message, found once before
/// the timed levels by Vigil's own analysis and default policy: the raw message, plus every decoded
/// part <see cref="ClamdScanner"/> sends on its own (base64 or quoted-printable parts, expanded
/// members; never a plain text part that stands as it is in the raw message). The ceiling then
/// sends clamd exactly these requests, so it does clamd's share of the gateway's work and no less.
/// A message the policy decides without scanning (a banned name, quarantined before the scanners)
/// gets its raw request all the same: a ceiling is not lowered for work Vigil skips.
/// </summary>
public static class ClamdRequestPlan
{
    public static async Task<byte[][][]> BuildAsync(LoadCorpus corpus, ClamdAddress clamd, IEnumerable<int> indexes)
    {
        var plan = new byte[corpus.Count][][];
        var capture = new PartCapture(new ClamdScanner(new ClamdClient(clamd), ClamdScanMode.Both));
        var judge = new MessageJudge(new MessageAnalyzer(), new Engine.Policy.PolicyProvider(controlDirectory: null), [capture]);
        foreach (var i in indexes.Distinct())
        {
            capture.Parts.Clear();
            using (var stream = new MemoryStream(corpus.Raw[i], writable: false))
            using (await judge.JudgeAsync(stream).ConfigureAwait(false))
            {
            }

            plan[i] = [corpus.Raw[i], .. capture.Parts];
        }

        return plan;
    }

    /// <summary>Lets ClamdScanner choose the parts it would send and keeps their bytes instead; its raw request goes to clamd as usual (untimed).</summary>
    private sealed class PartCapture(ClamdScanner inner) : IContentScanner
    {
        public List<byte[]> Parts { get; } = [];

        public string Name => inner.Name;

        public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation) =>
            inner.ScanAsync(analysis, raw, Keep, cancellation);

        private bool Keep(Entity entity)
        {
            using var content = entity.Content!.OpenRead();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            Parts.Add(copy.ToArray());
            return false;
        }
    }
}

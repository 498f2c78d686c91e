using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Scanners.Command;

/// <summary>Takes a message apart as the engine does and runs one scanner on it: only that scanner's findings.</summary>
internal static class CommandTestScan
{
    public static async Task<IReadOnlyList<Finding>> FindingsAsync(IContentScanner scanner, string mail)
    {
        using var raw = new RawMessageSpool(1 << 20);
        using var analysis = new MessageAnalyzer().Analyze(raw.Wrap(ClamdTestMail.Stream(mail)));
        raw.Complete();
        return await scanner.ScanAsync(analysis, raw.Content, CancellationToken.None);
    }
}

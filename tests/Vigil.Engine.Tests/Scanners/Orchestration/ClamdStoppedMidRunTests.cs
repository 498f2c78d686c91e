using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

/// <summary>A real clamd that goes away between two messages: the second is an error, never clean.</summary>
public sealed class ClamdStoppedMidRunTests
{
    [Fact]
    public async Task AClamdStoppedMidRunTurnsTheNextMessagesIntoErrorsAndNothingIsClean()
    {
        using var clamd = new PrivateClamdProcess();
        var timeouts = new ClamdTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        var engine = new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(ClamdAddress.Tcp("127.0.0.1", clamd.Port), timeouts))]);

        using (var before = await engine.JudgeAsync(Stream(WithAttachment("eicar.com", Eicar))))
        {
            Assert.Equal(VerdictKind.Virus, before.Verdict.Kind);
        }

        using (var clean = await engine.JudgeAsync(Stream(Clean)))
        {
            Assert.Equal(VerdictKind.Clean, clean.Verdict.Kind);
        }

        clamd.Stop();

        // Mails the policy passes, so only clamd could have judged them.
        foreach (var mail in new[] { Clean, WithAttachment("notes.txt", "nothing here\n"u8.ToArray()) })
        {
            using var after = await engine.JudgeAsync(Stream(mail));
            Assert.Equal(VerdictKind.Error, after.Verdict.Kind);
            Assert.False(after.Verdict.IsClean);
            Assert.Equal("clamd:unreachable", after.Verdict.Worst!.Rule);
        }
    }
}

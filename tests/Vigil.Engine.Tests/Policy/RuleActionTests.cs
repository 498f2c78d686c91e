using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Policy;

public sealed class RuleActionTests
{
    [Fact]
    public void MonitorRuleFindingCarriesMonitorAndLeavesTheMessageClean()
    {
        using var dir = new TempControlDirectory().Write("badfilenames", "\\.zip$ => monitor\n");
        using var message = new TestMessage();
        message.Attach("report.zip");

        var findings = PolicyTestHelpers.Evaluate(dir, message);

        var finding = Assert.Single(findings);
        Assert.Equal("badfilenames:\\.zip$", finding.Rule);
        Assert.Equal(RuleAction.Monitor, finding.Action);
        Assert.True(new Verdict(findings).IsClean);
    }

    [Fact]
    public void ActionsWorkOnEveryRuleFile()
    {
        using var dir = new TempControlDirectory()
            .Write("badsubjects", "lottery\t=> REJECT\n")
            .Write("badheaders", "X-Spam-Flag: ^YES => defer\n")
            .Write("attachments", ".exe\t0\tExecutable binary\t=> drop\n.scr 0 Screen saver => quarantine\n");
        var policy = PolicyTestHelpers.Load(dir);
        using var message = new TestMessage("lottery winner");
        message.AddHeader("X-Spam-Flag", "YES");
        message.Attach("a.exe");
        message.Attach("b.scr");

        var actions = PolicyTestHelpers.Evaluate(policy, message).ToDictionary(f => f.Rule, f => f.Action);

        Assert.Equal(RuleAction.Reject, actions["badsubjects:lottery"]);
        Assert.Equal(RuleAction.Defer, actions["badheaders:X-Spam-Flag: ^YES"]);
        Assert.Equal(RuleAction.Drop, actions["attachments:.exe"]);
        Assert.Equal(RuleAction.Quarantine, actions["attachments:.scr"]);
        Assert.Equal("Executable binary", policy.Attachments[0].Description);
    }
}

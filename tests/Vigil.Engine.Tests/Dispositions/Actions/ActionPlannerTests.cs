using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Actions;

public class ActionPlannerTests
{
    [Fact]
    public void CleanMailIsDeliveredWithNoFolderAndNoDecider()
    {
        var plan = ActionPlanner.Plan(new Verdict([]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Deliver, plan.Action);
        Assert.Null(plan.Folder);
        Assert.Null(plan.Decider);
    }

    [Theory]
    [InlineData(FindingCategory.Virus, "viruses")]
    [InlineData(FindingCategory.Policy, "policy")]
    [InlineData(FindingCategory.Format, "policy")]
    [InlineData(FindingCategory.Limits, "policy")]
    public void VirusPolicyFormatAndLimitsAreQuarantinedByDefaultInQmailScannersFolders(FindingCategory category, string folder)
    {
        var finding = new Finding(category, "rule", "detail", "1");
        var plan = ActionPlanner.Plan(new Verdict([finding]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Quarantine, plan.Action);
        Assert.True(plan.Quarantines);
        Assert.Equal(folder, plan.Folder);
        Assert.Same(finding, plan.Decider);
    }

    [Fact]
    public void SpamIsDeliveredTaggedByDefaultAndBelongsInTheSpamFolder()
    {
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Spam, "spamd", "score 7", "")]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Deliver, plan.Action);
        Assert.Equal("spam", plan.Folder);
        Assert.False(plan.Quarantines);
    }

    [Fact]
    public void AnErrorVerdictDefersWhateverTheOptionsSay()
    {
        var options = Options(("virusaction", "deliver"), ("policyaction", "deliver"), ("spamaction", "deliver"));
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Error, "clamd:unreachable", "", "", RuleAction.Drop)]), options);
        Assert.Equal(VerdictAction.Defer, plan.Action);
        Assert.Null(plan.Folder);
    }

    [Theory]
    [InlineData(FindingCategory.Policy, "policyaction")]
    [InlineData(FindingCategory.Limits, "limitsaction")]
    public void AFindingSetToDeliverDefersWhenAScannerCouldNotCheckTheMessage(FindingCategory category, string key)
    {
        var outage = new Finding(FindingCategory.Error, "clamd:unreachable", "", "");
        var plan = ActionPlanner.Plan(new Verdict([new Finding(category, "r", "", "1"), outage]), Options((key, "deliver")));
        Assert.Equal(VerdictAction.Defer, plan.Action);
        Assert.Same(outage, plan.Decider);
    }

    [Fact]
    public void ABlockingFindingStillWinsOverAnOutage()
    {
        var policy = new Finding(FindingCategory.Policy, "attachments:.exe", "a.exe", "2");
        var plan = ActionPlanner.Plan(new Verdict([policy, new Finding(FindingCategory.Error, "clamd:unreachable", "", "")]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Quarantine, plan.Action);
        Assert.Same(policy, plan.Decider);
    }

    [Theory]
    [InlineData("virusaction", "reject", FindingCategory.Virus, VerdictAction.Reject)]
    [InlineData("policyaction", "drop", FindingCategory.Policy, VerdictAction.Drop)]
    [InlineData("formataction", "DEFER", FindingCategory.Format, VerdictAction.Defer)]
    [InlineData("limitsaction", "deliver", FindingCategory.Limits, VerdictAction.Deliver)]
    [InlineData("spamaction", "quarantine", FindingCategory.Spam, VerdictAction.Quarantine)]
    [InlineData("policyaction", "greylist", FindingCategory.Policy, VerdictAction.Defer)]
    public void TheOptionsSetEachCategorysAction(string key, string value, FindingCategory category, VerdictAction expected)
    {
        var plan = ActionPlanner.Plan(new Verdict([new Finding(category, "r", "", "")]), Options((key, value)));
        Assert.Equal(expected, plan.Action);
    }

    [Fact]
    public void AnOptionForAnotherCategoryDoesNotApply()
    {
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Virus, "Eicar", "", "")]), Options(("policyaction", "reject")));
        Assert.Equal(VerdictAction.Quarantine, plan.Action);
    }

    [Theory]
    [InlineData(RuleAction.Reject, VerdictAction.Reject)]
    [InlineData(RuleAction.Defer, VerdictAction.Defer)]
    [InlineData(RuleAction.Drop, VerdictAction.Drop)]
    [InlineData(RuleAction.Quarantine, VerdictAction.Quarantine)]
    public void TheDecidingFindingsOwnRuleActionOverridesTheCategoryOption(RuleAction rule, VerdictAction expected)
    {
        var options = Options(("policyaction", "deliver"));
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Policy, "badfilenames:\\.zip$", "a.zip", "2", rule)]), options);
        Assert.Equal(expected, plan.Action);
        Assert.Equal("policy", plan.Folder);
    }

    [Fact]
    public void MonitorFindingsNeverBlock()
    {
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Virus, "dlp", "", "", RuleAction.Monitor)]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Deliver, plan.Action);
        Assert.Null(plan.Decider);
    }

    [Fact]
    public void AVirusOutranksAGreylistedPolicyRule()
    {
        var greylist = new Finding(FindingCategory.Policy, "outbreak", "x.zip", "2", RuleAction.Defer);
        var virus = new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "", "2");
        var plan = ActionPlanner.Plan(new Verdict([greylist, virus]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Quarantine, plan.Action);
        Assert.Equal("viruses", plan.Folder);
        Assert.Same(virus, plan.Decider);
    }

    [Fact]
    public void AGreylistedPolicyRuleDefersMailThatHasNothingWorse()
    {
        var greylist = new Finding(FindingCategory.Policy, "outbreak", "x.zip", "2", RuleAction.Defer);
        var spam = new Finding(FindingCategory.Spam, "spamd", "", "");
        var plan = ActionPlanner.Plan(new Verdict([spam, greylist]), PolicyOptions.Default);
        Assert.Equal(VerdictAction.Defer, plan.Action);
    }

    [Fact]
    public void AnInvalidValueIsAConfigErrorAndFallsBackToTheDefaultNeverToDeliver()
    {
        var options = Options(("virusaction", "bounce"), ("spamaction", "deliver"), ("formataction", ""));
        var errors = ActionOptions.Validate(options);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("virusaction: 'bounce'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("formataction: ''", StringComparison.Ordinal));
        var plan = ActionPlanner.Plan(new Verdict([new Finding(FindingCategory.Virus, "Eicar", "", "")]), options);
        Assert.Equal(VerdictAction.Quarantine, plan.Action);
    }

    [Fact]
    public void ValidOptionsGiveNoErrors()
    {
        Assert.Empty(ActionOptions.Validate(Options(("virusaction", "Reject"), ("policyaction", "greylist"), ("unrelated", "x"))));
        Assert.Empty(ActionOptions.Validate(PolicyOptions.Default));
    }

    private static PolicyOptions Options(params (string Key, string Value)[] pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in pairs)
        {
            values[k] = v;
        }

        return new PolicyOptions(values);
    }
}

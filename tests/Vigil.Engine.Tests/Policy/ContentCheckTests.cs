using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Tests.Policy;

public sealed class ContentCheckTests
{
    [Fact]
    public void ExecutableDetectedByContentIsBlockedUnderATextName()
    {
        using var message = new TestMessage();
        message.Attach("readme.txt", detected: TestMessage.Pe, declaredType: "text/plain");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message));

        Assert.Equal(FindingCategory.Policy, finding.Category);
        Assert.Equal("executable:pe", finding.Rule);
        Assert.Equal("1", finding.PartPath);
        Assert.Contains("readme.txt", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockExecutablesNoLetsDetectedExecutablesThrough()
    {
        using var dir = new TempControlDirectory().Write("options", "blockexecutables=no\n");
        using var message = new TestMessage();
        message.Attach("readme.txt", detected: TestMessage.Pe);

        Assert.Empty(PolicyTestHelpers.Evaluate(dir, message));
    }

    [Fact]
    public void EncryptedArchiveMembersAreAllowedByDefaultAndBlockedWhenAsked()
    {
        using var on = new TempControlDirectory().Write("filters", "encryptedarchives=yes\n");
        using var message = new TestMessage();
        var zip = message.Attach("secret.zip", detected: TestMessage.Zip);
        message.AddMember(zip, "payload.dat", encrypted: true);

        Assert.Empty(PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message));
        var finding = Assert.Single(PolicyTestHelpers.Evaluate(on, message));
        Assert.Equal("encrypted-archive", finding.Rule);
        Assert.Equal(FindingCategory.Policy, finding.Category);
        Assert.Equal("1/payload.dat", finding.PartPath);
    }

    [Fact]
    public void FormatAnomaliesBecomeFindingsOnlyWhenFormatIsOn()
    {
        using var off = new TempControlDirectory().Write("filters", "format=no\n");
        using var message = new TestMessage();
        message.Attach("a.pdf");
        message.AddAnomaly(AnomalyCodes.DoubleExtension, "1", AnomalySeverity.Format);
        message.AddAnomaly(AnomalyCodes.MissingClosingBoundary, "", AnomalySeverity.Notice);

        var findings = PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCategory.Format, finding.Category);
        Assert.Equal("format:double-extension", finding.Rule);
        Assert.Equal("1", finding.PartPath);
        Assert.Empty(PolicyTestHelpers.Evaluate(off, message));
    }

    [Fact]
    public void LimitHitsAlwaysBecomeLimitsFindings()
    {
        using var everythingOff = new TempControlDirectory().Write(
            "filters", "subject=no\nmimetype=no\nfilename=no\nheaders=no\nformat=no\narchives=no\n");
        using var message = new TestMessage();
        message.AddLimitHit(LimitNames.ExpansionRatio, "1/bomb.bin");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(everythingOff, message));
        Assert.Equal(FindingCategory.Limits, finding.Category);
        Assert.Equal("limits:expansion-ratio", finding.Rule);
        Assert.Equal("1/bomb.bin", finding.PartPath);
    }

    [Fact]
    public void SizeOptionsBlockLargeMessagesAndAttachments()
    {
        using var dir = new TempControlDirectory().Write("options", "maxmessagesize=10k\nmaxattachmentsize=2000\n");
        using var message = new TestMessage { MessageSize = 20_000 };
        message.Attach("small.pdf", size: 2000);
        message.Attach("big.pdf", size: 2001);

        var findings = PolicyTestHelpers.Evaluate(dir, message);

        Assert.Equal(["size:maxmessagesize", "size:maxattachmentsize"], findings.Rules());
        Assert.Equal("2", findings[1].PartPath);
        Assert.Empty(PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message));
    }

    [Fact]
    public void HostileNamesAreEscapedInFindingDetails()
    {
        using var message = new TestMessage();
        message.Attach("invoice\u202Efdp\r\n.exe");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message));

        Assert.Equal("attachments:.exe", finding.Rule);
        Assert.DoesNotContain('\u202E', finding.Detail);
        Assert.DoesNotContain('\n', finding.Detail);
        Assert.Contains("invoice\\u202efdp\\u000d\\u000a.exe", finding.Detail, StringComparison.Ordinal);
    }
}

using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;

namespace Vigil.Engine.Tests.Policy;

public sealed class PatternRuleTests
{
    [Fact]
    public void ZipIsBannedOnlyWhenBadFileNamesSaysSo()
    {
        using var banning = new TempControlDirectory().Write("badfilenames", "\\.zip$\n");
        using var defaults = new TempControlDirectory();
        using var message = new TestMessage();
        message.Attach("photos.zip", detected: TestMessage.Zip);

        var banned = PolicyTestHelpers.Evaluate(banning, message);

        var finding = Assert.Single(banned);
        Assert.Equal(FindingCategory.Policy, finding.Category);
        Assert.Equal("badfilenames:\\.zip$", finding.Rule);
        Assert.Equal("1", finding.PartPath);
        Assert.Contains("photos.zip", finding.Detail, StringComparison.Ordinal);
        Assert.Empty(PolicyTestHelpers.Evaluate(defaults, message));
    }

    [Fact]
    public void RawNameIsCheckedAsWellAsTheNormalisedOne()
    {
        using var dir = new TempControlDirectory().Write("badfilenames", "\\.zip\\.$\n").Write("attachments", "");
        using var message = new TestMessage();
        message.Attach("photos.zip", rawName: "photos.zip.");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(dir, message));
        Assert.Contains("photos.zip.", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OneFindingPerRuleAndPartEvenWhenSeveralNamesMatch()
    {
        using var dir = new TempControlDirectory().Write("badfilenames", "\\.exe$\n").Write("attachments", "");
        using var message = new TestMessage();
        var part = message.Attach("a.exe");
        part.AddName(new NameCandidate("b.exe", "b.exe", NameSource.ContentTypeName));

        Assert.Single(PolicyTestHelpers.Evaluate(dir, message));
    }

    [Fact]
    public void IgnoreCaseFilterDecidesWhetherCaseMatters()
    {
        using var caseless = new TempControlDirectory().Write("badsubjects", "free money\n");
        using var exact = new TempControlDirectory().Write("badsubjects", "free money\n").Write("filters", "ignorecase=no\n");
        using var message = new TestMessage("FREE MONEY now");

        Assert.Equal(["badsubjects:free money"], PolicyTestHelpers.Evaluate(caseless, message).Rules());
        Assert.Empty(PolicyTestHelpers.Evaluate(exact, message));
    }

    [Fact]
    public void DefaultBadSubjectsCatchTheLoveLetter()
    {
        using var message = new TestMessage("ILOVEYOU");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message));
        Assert.Equal("badsubjects:ILOVEYOU", finding.Rule);
        Assert.Equal("", finding.PartPath);
    }

    [Fact]
    public void SubjectFilterOffSkipsBadSubjects()
    {
        using var dir = new TempControlDirectory().Write("filters", "subject=n\n");
        using var message = new TestMessage("I-LOVE-YOU");

        Assert.Empty(PolicyTestHelpers.Evaluate(dir, message));
    }

    [Fact]
    public void BadHeadersMatchTheNamedHeaderOnly()
    {
        using var dir = new TempControlDirectory().Write("badheaders", "X-Mailer: ^Mass ?Mailer\nX-Flag:\n");
        using var message = new TestMessage();
        message.AddHeader("x-mailer", "MassMailer 2.0");
        message.AddHeader("Comments", "X-Mailer: Mass Mailer");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(dir, message));
        Assert.Equal("badheaders:X-Mailer: ^Mass ?Mailer", finding.Rule);
        Assert.Contains("MassMailer 2.0", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void BadHeaderWithoutPatternBlocksThePresenceOfTheHeader()
    {
        using var dir = new TempControlDirectory().Write("badheaders", "X-Flag:\n");
        using var message = new TestMessage();
        message.AddHeader("X-Flag", "");

        Assert.Equal(["badheaders:X-Flag: "], PolicyTestHelpers.Evaluate(dir, message).Rules());
    }

    [Fact]
    public void BadMimeTypesMatchTheDetectedDescriptionAndMimeType()
    {
        using var byDescription = new TempControlDirectory().Write("badmimetypes", "^Zip archive$\n");
        using var byMime = new TempControlDirectory().Write("badmimetypes", "application/zip\n");
        using var message = new TestMessage();
        message.Attach("harmless.dat", detected: TestMessage.Zip);

        Assert.Equal(["badmimetypes:^Zip archive$"], PolicyTestHelpers.Evaluate(byDescription, message).Rules());
        Assert.Equal(["badmimetypes:application/zip"], PolicyTestHelpers.Evaluate(byMime, message).Rules());
    }

    [Fact]
    public void BodyTextsAreCheckedOnlyWhenBodyFilterIsOn()
    {
        using var off = new TempControlDirectory().Write("badbodytexts", "wire the money\n");
        using var on = new TempControlDirectory().Write("badbodytexts", "wire the money\n").Write("filters", "body=yes\n");
        using var message = new TestMessage();
        message.AttachText("Hello,\r\nplease WIRE THE MONEY today.\r\n");

        Assert.Empty(PolicyTestHelpers.Evaluate(off, message));
        var finding = Assert.Single(PolicyTestHelpers.Evaluate(on, message));
        Assert.Equal("badbodytexts:wire the money", finding.Rule);
        Assert.Equal("1", finding.PartPath);
    }

    [Fact]
    public void BodyTextIsDecodedWithItsCharset()
    {
        using var dir = new TempControlDirectory().Write("badbodytexts", "Überweisung\n").Write("filters", "body\n");
        using var latin = new TestMessage();
        latin.AttachText("Bitte die Überweisung heute.", charset: "windows-1252");

        Assert.Equal(["badbodytexts:Überweisung"], PolicyTestHelpers.Evaluate(dir, latin).Rules());
    }

    [Fact]
    public void BodyScanStopsAtMaxBodyScan()
    {
        using var dir = new TempControlDirectory()
            .Write("badbodytexts", "needle\n")
            .Write("filters", "body\n")
            .Write("options", "maxbodyscan=1k\n");
        using var message = new TestMessage();
        message.AttachText(new string('x', 2000) + " needle");

        Assert.Empty(PolicyTestHelpers.Evaluate(dir, message));
    }

    [Fact]
    public void BodyTextIsReadFromContentSpooledToDisk()
    {
        using var dir = new TempControlDirectory().Write("badbodytexts", "needle\n").Write("filters", "body\n");
        using var message = new TestMessage();
        var part = message.AttachText("needle " + new string('x', 200_000));

        Assert.True(part.Content!.IsOnDisk);
        Assert.Equal(["badbodytexts:needle"], PolicyTestHelpers.Evaluate(dir, message).Rules());
    }
}

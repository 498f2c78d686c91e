using System.Text;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Tests.Policy;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

public sealed class NotificationTemplateTests
{
    [Theory]
    [InlineData("bob@example.de", "de")]
    [InlineData("bob@mail.example.at", "de")]
    [InlineData("bob@example.ch", "de")]
    [InlineData("bob@example.fr", "fr")]
    [InlineData("bob@example.es", "es")]
    [InlineData("bob@EXAMPLE.IT", "it")]
    [InlineData("bob@example.com", "en")]
    [InlineData("bob@example.nl", "nl")]
    [InlineData("bob@example.pl", "pl")]
    [InlineData("bob@example.se", "sv")]
    [InlineData("bob@example.cz", "cs")]
    [InlineData("bob@example.com.tr", "tr")]
    [InlineData("bob@example.lt", "lt")]
    [InlineData("bob@example.com.br", "pt")]
    [InlineData("bob@example.cn", "zh")]
    [InlineData("bob@example.be", "en")]
    public void LanguageFollowsTheTopLevelDomain(string address, string language) =>
        Assert.Equal(language, LanguageChooser.Default.For(address));

    [Fact]
    public void LanguageMapIsReadFromTheControlDirectoryAndTheMostSpecificEntryWins()
    {
        using var dir = new TempControlDirectory().Write("languages", "# domain-or-tld lang\nexample.ch fr\nbe fr\nsub.example.de en\nbroken line here\n");
        var report = new ConfigReport(new ControlLayers([dir.Path]));
        var settings = NotificationSettings.Load(new ControlLayers([dir.Path]), PolicyOptions.Default, report, "gw.example");

        Assert.Equal("fr", settings.Languages.For("a@example.ch"));
        Assert.Equal("de", settings.Languages.For("a@other.ch"));
        Assert.Equal("fr", settings.Languages.For("a@example.be"));
        Assert.Equal("en", settings.Languages.For("a@x.sub.example.de"));
        Assert.Contains(report.Warnings, w => w.File.EndsWith("languages", StringComparison.Ordinal) && w.Line == 5);
    }

    [Fact]
    public void EveryBuiltInLanguageHasEveryTemplateWithASubjectAndThePlaceholders()
    {
        foreach (var language in TemplateStore.BuiltInLanguages)
        {
            foreach (var kind in Enum.GetValues<NotificationKind>())
            {
                foreach (var audience in Enum.GetValues<NotificationAudience>())
                {
                    var text = TemplateStore.BuiltInText(language, kind, audience);
                    Assert.True(text is not null, $"{language}/{TemplateStore.FileName(kind, audience)} is missing");
                    Assert.StartsWith("Subject: ", text, StringComparison.Ordinal);
                    Assert.Contains("{findings}", text, StringComparison.Ordinal);
                    Assert.Contains("{subject}", text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void TheFourteenLanguagesQmailScannerShipsAreBuiltIn()
    {
        // Seed 002: "English, Italian, Afrikaans, Polish, Swedish, Czech, German, Spanish, Turkish,
        // Lithuanian, French, Portuguese, Dutch and Chinese".
        string[] seed = ["en", "it", "af", "pl", "sv", "cs", "de", "es", "tr", "lt", "fr", "pt", "nl", "zh"];
        Assert.Equal(seed.Order(), TemplateStore.BuiltInLanguages.Order());
    }

    [Fact]
    public void EveryLanguageIsReallyTranslatedNotEnglishUnderAnotherName()
    {
        foreach (var language in TemplateStore.BuiltInLanguages.Where(l => l != "en"))
        {
            foreach (var kind in Enum.GetValues<NotificationKind>())
            {
                foreach (var audience in Enum.GetValues<NotificationAudience>())
                {
                    var english = TemplateStore.BuiltInText("en", kind, audience)!;
                    var text = TemplateStore.BuiltInText(language, kind, audience)!;
                    Assert.NotEqual(english.Split('\n')[2], text.Split('\n')[2]);
                    Assert.NotEqual(english.Split('\n')[^3], text.Split('\n')[^3]);
                    Assert.Equal(Placeholders(english), Placeholders(text));
                }
            }
        }

        static string Placeholders(string text) =>
            string.Join(',', System.Text.RegularExpressions.Regex.Matches(text, @"\{[a-z]+\}").Select(m => m.Value).Order());
    }

    [Theory]
    [InlineData("jan@example.pl", "pl", "Wiadomość zablokowana: Quarterly report", "nie została dostarczona")]
    [InlineData("li@example.cn", "zh", "邮件已被拦截：Quarterly report", "未被投递")]
    [InlineData("jan@example.nl", "nl", "Bericht tegengehouden: Quarterly report", "niet afgeleverd")]
    public void ASenderGetsTheNoticeInTheLanguageOfTheirDomain(string sender, string language, string subject, string phrase)
    {
        using var result = BlockedMessage.Policy();
        var settings = new NotificationSettings { RespMail = "postmaster@gw.example" };
        var n = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope(sender), settings));

        Assert.Equal(language, n.Language);
        Assert.Equal(subject, n.Subject);
        Assert.Contains(phrase, BlockedMessage.DecodedBody(n.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileChoosesItsOwnLanguageWhereTheDomainDoesNotDecide()
    {
        using var dir = new TempControlDirectory().Write("options", "language=sv\n").Write("languages", "example.de pl\n");
        var layers = new ControlLayers([dir.Path]);
        var report = new ConfigReport(layers);
        var options = PolicyOptionsFrom(dir.Path);
        var settings = NotificationSettings.Load(layers, options, report, "gw.example");

        Assert.Equal("sv", settings.Languages.For("bob@example.com"));
        Assert.Equal("pl", settings.Languages.For("bob@example.de"));
        Assert.Equal("fr", settings.Languages.For("bob@example.fr"));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void ABadProfileLanguageIsReportedAndEnglishUsed()
    {
        using var dir = new TempControlDirectory().Write("options", "language=../etc\n");
        var layers = new ControlLayers([dir.Path]);
        var report = new ConfigReport(layers);
        var settings = NotificationSettings.Load(layers, PolicyOptionsFrom(dir.Path), report, "gw.example");

        Assert.Equal("en", settings.Languages.For("bob@example.com"));
        Assert.Contains(report.Warnings, w => w.Message.StartsWith("language: ", StringComparison.Ordinal));
    }

    private static PolicyOptions PolicyOptionsFrom(string dir) =>
        new(File.ReadAllLines(Path.Combine(dir, "options")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void GermanRecipientGetsTheGermanText()
    {
        using var result = BlockedMessage.Policy();
        var settings = new NotificationSettings { RespMail = "postmaster@gw.example" };
        var n = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope("hans@example.de"), settings));

        Assert.Equal("de", n.Language);
        Assert.Equal("Nachricht blockiert: Quarterly report", n.Subject);
        var body = BlockedMessage.DecodedBody(n.Message);
        Assert.Contains("wurde nicht zugestellt", body, StringComparison.Ordinal);
        Assert.Contains("policy: badfilenames:\\.exe$ (detail) in part 1", body, StringComparison.Ordinal);
        Assert.Contains("<abc123@example.org>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplateInTheControlDirectoryOverridesTheBuiltInOne()
    {
        using var dir = new TempControlDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "templates", "fr"));
        dir.Write("templates/fr/policy-sender.txt", "Subject: Refusé {subject}\n\nBonjour {sender}, {verdict} pour {recipients}. {unknown} reste.\n");
        var layers = new ControlLayers([dir.Path]);
        var settings = NotificationSettings.Load(layers, PolicyOptions.Default, new ConfigReport(layers), "gw.example");

        using var result = BlockedMessage.Policy();
        var french = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope("jean@example.fr"), settings));
        Assert.Equal("Refusé Quarterly report", french.Subject);
        Assert.Equal("Bonjour jean@example.fr, policy pour bob@example.com. {unknown} reste.\r\n", BlockedMessage.DecodedBody(french.Message));

        // Other languages keep their built-in text.
        var english = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope("john@example.com"), settings));
        Assert.Equal("Message blocked: Quarterly report", english.Subject);
    }

    [Fact]
    public void AQmvcStyleProfileTakesItsTemplatesFromTplBesideItsControlDirectory()
    {
        // Seed 000, 5.1: an extended profile is BASE/control plus BASE/tpl.
        using var dir = new TempControlDirectory();
        var profile = Path.Combine(dir.Path, "qmvc");
        Directory.CreateDirectory(Path.Combine(profile, "control"));
        Directory.CreateDirectory(Path.Combine(profile, "tpl", "en"));
        File.WriteAllText(Path.Combine(profile, "tpl", "en", "virus-sender.txt"), "Subject: from tpl\n\nbody\n");
        var store = new TemplateStore(new ControlLayers([Path.Combine(profile, "control"), dir.Path]));

        var template = store.Get("en", NotificationKind.Virus, NotificationAudience.Sender);
        Assert.Equal("from tpl", template.Subject);
        Assert.Equal(Path.Combine(profile, "tpl", "en", "virus-sender.txt"), template.Origin);

        // templates/ inside the same control directory comes first; other kinds stay built in.
        Directory.CreateDirectory(Path.Combine(profile, "control", "templates", "en"));
        File.WriteAllText(Path.Combine(profile, "control", "templates", "en", "virus-sender.txt"), "Subject: from templates\n\nbody\n");
        Assert.Equal("from templates", new TemplateStore(new ControlLayers([Path.Combine(profile, "control")])).Get("en", NotificationKind.Virus, NotificationAudience.Sender).Subject);
        Assert.StartsWith("(built-in)/en/", store.Get("en", NotificationKind.Policy, NotificationAudience.Sender).Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void LanguageWithoutTemplatesFallsBackToEnglish()
    {
        var store = TemplateStore.BuiltIn;
        Assert.Equal(store.Get("en", NotificationKind.Virus, NotificationAudience.Recipient).Subject, store.Get("ru", NotificationKind.Virus, NotificationAudience.Recipient).Subject);
        Assert.StartsWith("(built-in)/en/", store.Get("../../etc", NotificationKind.Virus, NotificationAudience.Recipient).Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsComeFromOptionsAndControlFiles()
    {
        using var dir = new TempControlDirectory()
            .Write("options", "notify=sender,recipient\n")
            .Write("me", "mx.gateway.example\n")
            .Write("avguards", "# virus team\nav1@gateway.example\nnot an address\nav2@gateway.example\n")
            .Write("bmguards", "bm@gateway.example\n")
            .Write("forgingviruses", "Newworm\n");
        var layers = new ControlLayers([dir.Path]);
        var report = new ConfigReport(layers);
        var options = ControlDirectoryLoader.Load(layers).Options;
        var settings = NotificationSettings.Load(layers, options, report, "ignored.example");

        Assert.True(settings.NotifySender);
        Assert.True(settings.NotifyPolicySender);
        Assert.True(settings.NotifyRecipients);
        Assert.False(settings.NotifyAdmins);
        Assert.Equal("postmaster@mx.gateway.example", settings.RespMail);
        Assert.Equal(["av1@gateway.example", "av2@gateway.example"], settings.AvGuards);
        Assert.Equal(["bm@gateway.example"], settings.BmGuards);
        Assert.True(settings.ForgingViruses.Matches("Win.Worm.Newworm-1"));
        Assert.True(settings.ForgingViruses.Matches("Worm.Mydoom.A"));
        Assert.Contains(report.Warnings, w => w.Line == 3);
    }

    [Fact]
    public void RespMailFileSetsTheFromAddressAndDefaultsNeedNoFiles()
    {
        using var dir = new TempControlDirectory().Write("respmail", "virus-desk@gateway.example\n");
        var layers = new ControlLayers([dir.Path]);
        var settings = NotificationSettings.Load(layers, PolicyOptions.Default, new ConfigReport(layers), "host.example");
        Assert.Equal("virus-desk@gateway.example", settings.RespMail);

        var defaults = NotificationSettings.Load(ControlLayers.None, PolicyOptions.Default, new ConfigReport(ControlLayers.None), "host.example");
        Assert.Equal("postmaster@host.example", defaults.RespMail);
        Assert.False(defaults.NotifySender);
        Assert.True(defaults.NotifyPolicySender);
        Assert.True(defaults.NotifyAdmins);
        Assert.False(defaults.NotifyRecipients);
    }

    [Theory]
    [InlineData("none", false, false, false, false)]
    [InlineData("psender", false, true, false, false)]
    [InlineData("sender", true, true, false, false)]
    [InlineData("recips, admin", false, false, true, true)]
    public void NotifyOptionWordsAreParsed(string value, bool sender, bool psender, bool recipients, bool admins) =>
        Assert.Equal((sender, psender, recipients, admins), NotificationSettings.ParseNotify(value));
}

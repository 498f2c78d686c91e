using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

public sealed class NotificationPlannerTests
{
    private static readonly NotificationSettings Everyone = new()
    {
        NotifySender = true,
        NotifyRecipients = true,
        NotifyAdmins = true,
        AvGuards = ["av-team@gateway.example"],
        BmGuards = ["bm-team@gateway.example"],
        RespMail = "postmaster@gateway.example",
    };

    private static List<Notification> To(NotificationAudience audience, IReadOnlyList<Notification> plan) =>
        plan.Where(n => n.Audience == audience).ToList();

    [Fact]
    public void VirusIsNotReportedToTheSenderByDefault()
    {
        using var result = BlockedMessage.Virus();
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(), NotificationSettings.Default);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Audience == NotificationAudience.Sender && s.Reason.Contains("forged", StringComparison.Ordinal));
    }

    [Fact]
    public void PolicyBlockIsReportedToTheSenderByDefault()
    {
        using var result = BlockedMessage.Policy();
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), NotificationSettings.Default);

        var sender = Assert.Single(To(NotificationAudience.Sender, plan));
        Assert.Equal("alice@example.org", sender.Recipient);
        Assert.Equal(NotificationKind.Policy, sender.Kind);
    }

    [Theory]
    [InlineData(FindingCategory.Format)]
    [InlineData(FindingCategory.Limits)]
    public void FormatAndLimitsBlocksCountAsBadMail(FindingCategory category)
    {
        using var result = BlockedMessage.Scan(category);
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);

        Assert.All(plan, n => Assert.Equal(NotificationKind.Policy, n.Kind));
        Assert.Equal("bm-team@gateway.example", Assert.Single(To(NotificationAudience.Admin, plan)).Recipient);
    }

    [Fact]
    public void NonForgingVirusIsReportedToTheSenderWhenNotifySenderIsOn()
    {
        using var result = BlockedMessage.Virus("Eicar-Test-Signature");
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);

        Assert.Equal("alice@example.org", Assert.Single(To(NotificationAudience.Sender, plan)).Recipient);
    }

    [Theory]
    [InlineData("Worm.Mydoom.M")]
    [InlineData("Win.Worm.Sober-12")]
    [InlineData("W32/Netsky.P@mm")]
    [InlineData("Worm.Bagle.Gen-zippwd-1")]
    [InlineData("Win.Worm.Klez-3")]
    [InlineData("W32.Sobig.F@mm")]
    public void ForgingVirusSenderIsNeverTold(string signature)
    {
        using var result = BlockedMessage.Virus(signature);
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Reason.Contains("forges its senders", StringComparison.Ordinal));

        // The recipients and the virus team still hear about it.
        Assert.Single(To(NotificationAudience.Recipient, plan.Notifications));
        Assert.Equal("av-team@gateway.example", Assert.Single(To(NotificationAudience.Admin, plan.Notifications)).Recipient);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<>")]
    public void NullSenderIsNeverNotified(string sender)
    {
        using var result = BlockedMessage.Policy();
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(sender), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Reason == "null sender");
    }

    [Fact]
    public void UnknownSenderIsNotNotified()
    {
        using var result = BlockedMessage.Policy();
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(null), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan));
    }

    [Theory]
    [InlineData("MAILER-DAEMON@mx.example.org")]
    [InlineData("mailer-daemon@mx.example.org")]
    [InlineData("postmaster@example.org")]
    [InlineData("Postmaster@example.org")]
    [InlineData("owner-users@lists.example.org")]
    [InlineData("users-request@lists.example.org")]
    [InlineData("users-bounces+bob=example.com@lists.example.org")]
    public void BounceAndRobotSendersAreNeverNotified(string sender)
    {
        using var result = BlockedMessage.Policy();
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(sender), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Audience == NotificationAudience.Sender && s.Reason.Contains("address", StringComparison.Ordinal));
    }

    [Fact]
    public void ListIdMessageSenderIsNotNotified()
    {
        using var result = BlockedMessage.Policy(BlockedMessage.PlainHeaders + "List-Id: Users <users.lists.example.org>\r\n");
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Reason.Contains("List-Id", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bulk")]
    [InlineData("list")]
    [InlineData("junk")]
    [InlineData("Bulk")]
    public void PrecedenceBulkListOrJunkSenderIsNotNotified(string precedence)
    {
        using var result = BlockedMessage.Policy(BlockedMessage.PlainHeaders + $"Precedence: {precedence}\r\n");
        var plan = NotificationPlanner.PlanWithReasons(result, BlockedMessage.Envelope(), Everyone);

        Assert.Empty(To(NotificationAudience.Sender, plan.Notifications));
        Assert.Contains(plan.Skipped, s => s.Reason.Contains("Precedence", StringComparison.Ordinal));
    }

    [Fact]
    public void PrecedenceFirstClassDoesNotStopTheNotification()
    {
        using var result = BlockedMessage.Policy(BlockedMessage.PlainHeaders + "Precedence: first-class\r\n");

        Assert.Single(To(NotificationAudience.Sender, NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone)));
    }

    [Theory]
    [InlineData("auto-replied", false)]
    [InlineData("auto-generated", false)]
    [InlineData("auto-notified; owner-email=\"x@y\"", false)]
    [InlineData("no", true)]
    [InlineData("No (a person wrote this)", true)]
    public void AutoSubmittedOtherThanNoStopsTheSenderNotification(string value, bool told)
    {
        using var result = BlockedMessage.Policy(BlockedMessage.PlainHeaders + $"Auto-Submitted: {value}\r\n");
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);

        Assert.Equal(told, To(NotificationAudience.Sender, plan).Count == 1);
    }

    [Fact]
    public void SpamIsNeverReportedToTheSenderNorToAdmins()
    {
        using var result = BlockedMessage.Scan(FindingCategory.Spam, "spamd:score=12.5");
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);

        var only = Assert.Single(plan);
        Assert.Equal(NotificationAudience.Recipient, only.Audience);
        Assert.Equal(NotificationKind.Spam, only.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(FindingCategory.Error)]
    public void CleanMailAndErrorsNotifyNobody(FindingCategory? category)
    {
        using var result = BlockedMessage.Scan(category);

        Assert.Empty(NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone));
    }

    [Fact]
    public void RecipientsAreToldOnlyWhenAskedAndOncePerAddress()
    {
        using var result = BlockedMessage.Policy();
        var envelope = BlockedMessage.Envelope("alice@example.org", "bob@example.com", "BOB@example.com", "carol@example.de");

        Assert.Empty(To(NotificationAudience.Recipient, NotificationPlanner.Plan(result, envelope, NotificationSettings.Default)));

        var told = To(NotificationAudience.Recipient, NotificationPlanner.Plan(result, envelope, Everyone));
        Assert.Equal(["bob@example.com", "carol@example.de"], told.Select(n => n.Recipient));
        Assert.Equal(["en", "de"], told.Select(n => n.Language));
    }

    [Fact]
    public void AdminsAreTheVirusTeamForVirusesAndTheBadMailTeamForBadMail()
    {
        using var virus = BlockedMessage.Virus();
        using var policy = BlockedMessage.Policy();

        Assert.Equal("av-team@gateway.example", Assert.Single(To(NotificationAudience.Admin, NotificationPlanner.Plan(virus, BlockedMessage.Envelope(), Everyone))).Recipient);
        Assert.Equal("bm-team@gateway.example", Assert.Single(To(NotificationAudience.Admin, NotificationPlanner.Plan(policy, BlockedMessage.Envelope(), Everyone))).Recipient);
    }

    [Fact]
    public void AnAddressThatIsNotPlainIsNeverWrittenTo()
    {
        using var result = BlockedMessage.Policy();
        var envelope = BlockedMessage.Envelope("alice@example.org\r\nRCPT TO:<x@evil.example>", "-oQ/tmp@example.com", "bob@example.com");
        var plan = NotificationPlanner.PlanWithReasons(result, envelope, Everyone);

        Assert.Equal(["bob@example.com"], plan.Notifications.Where(n => n.Audience != NotificationAudience.Admin).Select(n => n.Recipient));
        Assert.Equal(2, plan.Skipped.Count(s => s.Reason == "not a plain address"));
    }

    [Fact]
    public void EveryNotificationComesFromRespMailWithTheNullEnvelopeSender()
    {
        using var result = BlockedMessage.Virus();
        var plan = NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Everyone);

        Assert.NotEmpty(plan);
        foreach (var n in plan)
        {
            Assert.Equal("", n.EnvelopeSender);
            var headers = BlockedMessage.Headers(n.Message);
            Assert.Equal("postmaster@gateway.example", headers.Single(h => h.Name == "From").Value);
            Assert.Equal(n.Recipient, headers.Single(h => h.Name == "To").Value);
        }
    }
}

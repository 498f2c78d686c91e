using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Tests.Policy;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

/// <summary>
/// The From of Vigil's notices when `respmail` names nobody: QMVC's `me` (the originator's name)
/// and `defaulthost` (FAQ 4.1), a qmail-style `me` (a host name), else qmail's own control files.
/// </summary>
public sealed class NotifierIdentityTests
{
    [Fact]
    public void QmvcMeAndDefaultHostNameTheOriginator()
    {
        using var dir = new TempControlDirectory().Write("me", "qmvc\n").Write("defaulthost", "gw.example.org\n");

        Assert.Equal("qmvc@gw.example.org", Load(dir, options: null).RespMail);
    }

    [Fact]
    public void AMeHoldingAHostNameIsQmailsMeaning()
    {
        using var dir = new TempControlDirectory().Write("me", "mx1.example.org\n");

        var settings = Load(dir, options: null);
        Assert.Equal("postmaster@mx1.example.org", settings.RespMail);
        Assert.Equal("mx1.example.org", settings.HostName);
    }

    [Fact]
    public void WithNothingInVigilsDirectoryQmailsControlMeIsRead()
    {
        using var qmail = new TempControlDirectory();
        Directory.CreateDirectory(qmail.FilePath("control"));
        File.WriteAllText(Path.Combine(qmail.Path, "control", "me"), "mail.example.net\n");
        using var vigil = new TempControlDirectory();

        Assert.Equal("postmaster@mail.example.net", Load(vigil, QmailOptions(qmail)).RespMail);
    }

    [Fact]
    public void WithoutQmailsMeItsDefaultHostAndDefaultDomainAreRead()
    {
        using var qmail = new TempControlDirectory();
        Directory.CreateDirectory(qmail.FilePath("control"));
        File.WriteAllText(Path.Combine(qmail.Path, "control", "defaulthost"), "relay\n");
        File.WriteAllText(Path.Combine(qmail.Path, "control", "defaultdomain"), "example.net\n");
        using var vigil = new TempControlDirectory().Write("me", "vigil\n");

        Assert.Equal("vigil@relay.example.net", Load(vigil, QmailOptions(qmail)).RespMail);
    }

    [Fact]
    public void WithNoFileAnywhereTheMachinesNameIsUsed()
    {
        using var qmail = new TempControlDirectory();
        using var vigil = new TempControlDirectory();

        Assert.Equal("postmaster@host.example", Load(vigil, QmailOptions(qmail)).RespMail);
    }

    private static PolicyOptions QmailOptions(TempControlDirectory qmailHome) =>
        new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["qmailqueue"] = Path.Combine(qmailHome.Path, "bin", "qmail-queue") });

    private static NotificationSettings Load(TempControlDirectory dir, PolicyOptions? options)
    {
        var layers = new ControlLayers([dir.Path]);
        return NotificationSettings.Load(layers, options ?? PolicyOptions.Default, new ConfigReport(layers), "host.example");
    }
}

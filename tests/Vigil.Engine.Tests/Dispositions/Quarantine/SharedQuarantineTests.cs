using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Quarantine;

/// <summary>A quarantine root with the setgid bit (as `vigil install --qmail --apply` makes it) is shared by both qmail doors.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SharedQuarantineTests
{
    private static readonly Verdict VirusVerdict = new([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "eicar.com", "2")]);
    private static readonly Envelope Envelope = new("alice@example.org", ["bob@example.net"]) { Door = "deliver" };
    private static readonly byte[] Raw = Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n");

    [Fact]
    public async Task UnderASetgidRootTheDoorsCreateGroupWritableSetgidStickyFoldersAndAGroupWritableLog()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "quarantine");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, SharedDirectory.SharedMode);

        var record = await new QuarantineStore(root).StoreAsync(new MemoryStream(Raw), Envelope, VirusVerdict, "viruses", CancellationToken.None);

        foreach (var d in new[] { "viruses", "viruses/tmp", "viruses/new", "viruses/cur" })
        {
            Assert.Equal(SharedDirectory.SharedMode, File.GetUnixFileMode(Path.Combine(root, d)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record.Path));
        Assert.Equal(SharedDirectory.SharedFileMode, File.GetUnixFileMode(Path.Combine(root, QuarantineLog.FileName)));
    }

    [Fact]
    public async Task UnderAPlainRootEverythingStaysPrivate()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "quarantine");

        var record = await new QuarantineStore(root).StoreAsync(new MemoryStream(Raw), Envelope, VirusVerdict, "viruses", CancellationToken.None);

        Assert.Equal(SharedDirectory.PrivateMode, File.GetUnixFileMode(Path.Combine(root, "viruses", "new")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, QuarantineLog.FileName)));
    }
}

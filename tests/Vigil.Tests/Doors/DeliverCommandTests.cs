using System.Net;
using System.Net.Sockets;
using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>`vigil deliver` run as qmail-local runs a dot-qmail program: message on stdin, envelope in the environment.</summary>
public sealed class DeliverCommandTests
{
    [Fact]
    public void LetsCleanMailContinueWithExit0()
    {
        using var door = new QueueDoor();

        var r = Deliver(door, Samples.Clean, "joe@example.net");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void FiltersABannedAttachmentWithExit99AfterQuarantiningItForTheRecipient()
    {
        using var door = new QueueDoor();

        var r = Deliver(door, Samples.BannedExe, "virt-joe@example.net", "-v", "virt-");

        Assert.True(r.ExitCode == 99, r.Stderr);
        var stored = File.ReadAllText(Assert.Single(door.QuarantinedFiles("policy")));
        Assert.Contains("joe@example.net", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("virt-joe@example.net", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void BouncesWithExit100AndAReasonWhenThePolicyActionIsReject()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=reject\n");

        var r = Deliver(door, Samples.BannedExe, "joe@example.net");

        Assert.Equal(100, r.ExitCode);
        Assert.StartsWith("Vigil refused this message", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AsksForARetryWithExit111WhenARequiredScannerCannotBeAsked()
    {
        using var door = new QueueDoor();
        door.WriteControl("scanners", $"clamd tcp:127.0.0.1:{FreePort()}\n");

        var r = Deliver(door, Samples.Clean, "joe@example.net");

        Assert.Equal(111, r.ExitCode);
    }

    private static VigilProcess.Result Deliver(QueueDoor door, string message, string recipient, params string[] extra) =>
        VigilProcess.Run(
            ["deliver", "--control", door.Control, .. extra],
            VigilProcess.Bytes(message),
            new Dictionary<string, string> { ["SENDER"] = "a@example.org", ["RECIPIENT"] = recipient, ["LOCAL"] = recipient.Split('@')[0], ["HOST"] = "example.net" });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

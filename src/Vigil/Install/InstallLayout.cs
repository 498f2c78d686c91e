using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Gateway;

namespace Vigil.Install;

/// <summary>
/// Where `vigil install --qmail` puts things on the installed system, and the staging root the
/// files are written under (`--root`, like DESTDIR: the paths inside the files never include it).
/// </summary>
public sealed record InstallLayout
{
    public const string DefaultControlDirectory = "/etc/vigil";
    public const string DefaultQmailDirectory = "/var/qmail";

    /// <summary>The staging root prefixed to every written path; empty for the live system.</summary>
    public string Root { get; init; } = "";

    public string ControlDirectory { get; init; } = DefaultControlDirectory;

    public string QmailDirectory { get; init; } = DefaultQmailDirectory;

    public string QuarantineRoot { get; init; } = QuarantineOptions.DefaultRoot;

    /// <summary>The vigil the generated scripts and lines start.</summary>
    public VigilExecutable Vigil { get; init; } = VigilExecutable.Current();

    /// <summary>The group the qmail doors share the quarantine through (<see cref="QuarantineGroupSetup"/>).</summary>
    public string QuarantineGroup { get; init; } = QuarantineGroupSetup.DefaultGroup;

    /// <summary>A clamd address to put in force in `scanners`, or null for commented examples.</summary>
    public string? ClamdAddress { get; init; }

    /// <summary>The QMAILQUEUE wrapper (qmail-smtpd runs it without arguments).</summary>
    public string QueueWrapper => Path.Combine(QmailDirectory, "bin", "vigil-queue");

    /// <summary>The QHPSI wrapper (a QHPSI qmail-queue runs it as `PROG MESSFILE [ARG1..3]`).</summary>
    public string QhpsiWrapper => Path.Combine(QmailDirectory, "bin", "vigil-qhpsi");

    /// <summary>Where the lines for files the admin owns (tcp.smtp, .qmail) are kept for reference.</summary>
    public string SnippetDirectory => Path.Combine(ControlDirectory, KnownControlFiles.QmailSnippetDirectory);

    /// <summary>The path a file is written to: <paramref name="installedPath"/> under <see cref="Root"/>.</summary>
    public string Staged(string installedPath) =>
        Root.Length == 0 ? installedPath : Path.Combine(Root, installedPath.TrimStart('/'));
}

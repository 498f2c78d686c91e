using System.CommandLine;
using System.Text;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Install;

namespace Vigil.Commands;

/// <summary>
/// `vigil install --qmail [--apply] [--root DIR] [--control DIR] [--force] [--vigil PATH]
/// [--qmail-dir DIR] [--quarantine DIR] [--clamd ADDR]`: prints (or with --apply writes) the
/// QMAILQUEUE and QHPSI wrappers, the tcpserver rules, the dot-qmail line and a control directory
/// with every default written out. Never replaces an existing file without --force. Exit 0 when
/// everything was printed or written (or skipped), 2 on a usage or write error, or when the
/// written control directory does not pass `vigil config check`.
/// </summary>
public static class InstallCommand
{
    public static Command Definition()
    {
        var qmail = new Option<bool>("--qmail") { Description = "Set Vigil up for qmail (the only system it knows so far)" };
        var apply = new Option<bool>("--apply") { Description = "Write the files (without it: print them)" };
        var force = new Option<bool>("--force") { Description = "Replace files that exist" };
        var root = new Option<string>("--root") { Description = "Write under this directory instead of /", HelpName = "DIR" };
        var control = new Option<string>("--control", "-c") { Description = "The control directory to write (default /etc/vigil)", HelpName = "DIR" };
        var qmailDir = new Option<string>("--qmail-dir") { Description = "qmail's home (default /var/qmail)", HelpName = "DIR" };
        var quarantine = new Option<string>("--quarantine") { Description = "The quarantine (default /var/spool/vigil/quarantine)", HelpName = "DIR" };
        var vigil = new Option<string>("--vigil") { Description = "The vigil binary the wrappers run (default: this one)", HelpName = "PATH" };
        var clamd = new Option<string>("--clamd") { Description = "The clamd to require: unix:/path or tcp:host:port", HelpName = "ADDR" };
        var group = new Option<string>("--group") { Description = "The group both qmail doors share the quarantine through (default vigil)", HelpName = "NAME" };
        var command = new Command("install", "Print (--apply: write) the QMAILQUEUE and QHPSI wrappers, the tcp.smtp, dot-qmail and QHPSI lines and a commented control directory.")
        {
            qmail, apply, force, root, control, qmailDir, quarantine, vigil, clamd, group,
        };
        command.SetAction(parse =>
        {
            var layout = new InstallLayout();
            layout = parse.GetValue(root) is { } r ? layout with { Root = r } : layout;
            layout = parse.GetValue(control) is { } c ? layout with { ControlDirectory = c } : layout;
            layout = parse.GetValue(qmailDir) is { } q ? layout with { QmailDirectory = q } : layout;
            layout = parse.GetValue(quarantine) is { } qr ? layout with { QuarantineRoot = qr } : layout;
            layout = parse.GetValue(vigil) is { } v ? layout with { Vigil = VigilExecutable.At(v) } : layout;
            layout = parse.GetValue(clamd) is { } a ? layout with { ClamdAddress = a } : layout;
            layout = parse.GetValue(group) is { } g ? layout with { QuarantineGroup = g } : layout;
            return Run(parse.GetValue(qmail), parse.GetValue(apply), parse.GetValue(force), layout);
        });
        return command;
    }

    private static int Run(bool qmail, bool apply, bool force, InstallLayout layout)
    {
        if (!qmail)
        {
            throw new UsageException("install needs --qmail (the only system it knows so far)");
        }

        if (InstallPlan.Problem(layout) is { } problem)
        {
            throw new UsageException("install: " + problem);
        }

        if (layout.ClamdAddress is { } clamd && !Engine.Scanners.Clamd.ClamdAddress.TryParse(clamd, out _, out var clamdError))
        {
            throw new UsageException("install: --clamd: " + clamdError);
        }

        var plan = InstallPlan.For(layout);
        if (!apply)
        {
            Console.Out.Write(Describe(plan));
            return 0;
        }

        var failures = new InstallWriter(Console.Out).Apply(plan, force);
        failures += QuarantineGroupSetup.Apply(layout.Staged(layout.QuarantineRoot), layout.QuarantineGroup, Console.Out);
        var checkFailed = !ControlDirectoryPasses(layout.Staged(layout.ControlDirectory));
        Console.Out.Write(NextSteps(layout));
        return failures > 0 || checkFailed ? 2 : 0;
    }

    /// <summary>Everything, as text: what --apply would write and what the admin adds by hand.</summary>
    public static string Describe(InstallPlan plan)
    {
        var layout = plan.Layout;
        var sb = new StringBuilder();
        sb.Append("# vigil install --qmail: nothing was written; --apply writes the files below");
        sb.Append(layout.Root.Length > 0 ? $" under {layout.Root}" : "").Append(".\n");
        sb.Append("# vigil runs as: ").Append(layout.Vigil.ShellText).Append("\n\n");
        foreach (var file in plan.Files)
        {
            sb.Append("==> ").Append(file.Path).Append(file.Executable ? " (mode 755)" : "").Append(": ").Append(file.Purpose).Append(" <==\n");
            sb.Append(file.Content);
            if (!file.Content.EndsWith('\n'))
            {
                sb.Append('\n');
            }

            sb.Append('\n');
        }

        sb.Append("==> directories <==\n");
        foreach (var dir in plan.Directories)
        {
            sb.Append(dir).Append("/\n");
        }

        sb.Append('\n').Append(NextSteps(layout));
        return sb.ToString();
    }

    private static string NextSteps(InstallLayout layout)
    {
        var vigil = layout.Vigil.ShellText;
        var control = ShellQuote.Word(layout.ControlDirectory);
        var sb = new StringBuilder();
        sb.Append("\nnext steps (files you own are never edited):\n");
        sb.Append("  1. QMAILQUEUE: add to /etc/tcp.smtp, then: tcprules /etc/tcp.smtp.cdb /etc/tcp.smtp.tmp < /etc/tcp.smtp\n");
        foreach (var line in QmailSnippets.TcpRules(layout).Split('\n'))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                sb.Append("       ").Append(line).Append('\n');
            }
        }

        sb.Append("  2. dot-qmail (instead, or for local deliveries): before the delivery lines of a .qmail file\n");
        sb.Append("       ").Append(QmailSnippets.DotQmailLine(layout)).Append('\n');
        sb.Append("  3. QHPSI (instead of QMAILQUEUE, with a QHPSI-patched qmail-queue): in /etc/tcp.smtp\n");
        sb.Append("       :allow,QHPSI=\"").Append(layout.QhpsiWrapper).Append("\"\n");
        // tcpserver -g and qmail-lspawn both set exactly one group (setgroups(1, &gid)), so a
        // supplementary group never reaches the doors on a real qmail (docs/QMAIL.md section 3).
        sb.Append("  4. vigil queue runs as qmaild with only the group tcpserver -g names: to write the quarantine shared through group ").Append(layout.QuarantineGroup).Append(" (--apply sets it up, 03770)\n");
        sb.Append("       tcpserver ... -u \"$QMAILDUID\" -g \"$(getent group ").Append(layout.QuarantineGroup).Append(" | cut -d: -f3)\" ... qmail-smtpd\n");
        sb.Append("     vigil deliver runs with the user's primary group only (qmail-lspawn): give it its own quarantine= in the profile it reads (-u, -c)\n");
        sb.Append("  5. name a virus scanner in ").Append(ShellQuote.Word(Path.Combine(layout.ControlDirectory, ScannerFileNames.Scanners))).Append(", then check everything:\n");
        sb.Append("       ").Append(vigil).Append(" config check --control ").Append(control).Append('\n');
        sb.Append("       ").Append(vigil).Append(" scanners --control ").Append(control).Append('\n');
        sb.Append("       ").Append(vigil).Append(" test-install --control ").Append(control).Append('\n');
        return sb.ToString();
    }

    /// <summary>Runs `config check` on what was written; prints the errors when it fails.</summary>
    private static bool ControlDirectoryPasses(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return false;
        }

        var provider = new PolicyProvider(dir);
        var report = provider.CheckConfiguration();
        ScannerConfigLoader.Load(provider.Layers, ScannerLineParser.Default, report);
        if (report.ExitCode == 0)
        {
            Console.Out.WriteLine($"config check: {dir} passes");
            return true;
        }

        Console.Out.WriteLine($"config check: {dir} has errors:");
        foreach (var e in report.Errors)
        {
            Console.Out.WriteLine($"  {e}");
        }

        return false;
    }
}

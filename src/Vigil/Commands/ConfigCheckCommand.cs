using Vigil.Engine.Dispositions.Quarantine;
using System.CommandLine;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Dispositions.Tagging;
using Vigil.Engine.Gateway;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Install;

namespace Vigil.Commands;

/// <summary>`vigil config check`: every control file read, every error with file:line; exit 1 on error.</summary>
public static class ConfigCheckCommand
{
    /// <summary>`vigil config`, with `check` its one sub-verb so far.</summary>
    public static Command Definition()
    {
        var s = new CommonSymbols();
        var check = s.AddTo(
            new Command("check", "Read every control file (scanners included), print what was read and every error as file:line; exit 1 on error."),
            s.Control);
        check.SetAction(parse => Run(s.Read(parse)));
        return new Command("config", "Check the control directory.") { check };
    }

    private static int Run(CommonOptions options)
    {
        if (options.ControlDirectory is { } dir && !Directory.Exists(dir))
        {
            Console.Error.WriteLine($"vigil: control directory {dir}: No such directory");
            return 1;
        }

        var provider = new PolicyProvider(options.ControlDirectory);
        var report = provider.CheckConfiguration();
        ScannerConfigLoader.Load(provider.Layers, ScannerLineParser.Default, report);
        foreach (var m in KnownControlFiles.Audit(provider.Layers))
        {
            report.Add(m.Level, m.File, m.Message);
        }
        if (!report.HasErrors)
        {
            CheckOptionValues(provider.Current.Options, report);
        }

        Console.Out.Write(report.ToString());
        return report.ExitCode;
    }

    /// <summary>
    /// The `options` keys the engine reads only when a message is handled: bad values are errors,
    /// and a key no part of Vigil reads (a typo such as `viruaction`) a warning, since it is ignored.
    /// The known keys are those `vigil install` writes, so the two lists cannot drift apart.
    /// </summary>
    private static void CheckOptionValues(PolicyOptions options, ConfigReport report)
    {
        foreach (var problem in ActionOptions.Validate(options).Concat(ArchiveOptions.Validate(options)).Concat(TaggingOptions.Validate(options)))
        {
            report.Add(ConfigMessageLevel.Error, ControlFileNames.Options, problem);
        }

        foreach (var problem in MessageLogSettings.From(options, () => null).Problems)
        {
            report.Add(ConfigMessageLevel.Warning, ControlFileNames.Options, problem);
        }

        // Notification and forward settings (guards, respmail, templates, notifyvia, forwards) warn here too.
        _ = NotificationStep.Load(report.Layers, options, report);

        foreach (var (level, problem) in QuarantineAccess.Check(QuarantineOptions.Root(options)))
        {
            report.Add(level, ControlFileNames.Options, problem);
        }

        var known = ControlDirectoryTemplate.OptionKeys();
        foreach (var key in options.Values.Keys)
        {
            if (!known.Contains(key))
            {
                report.Add(ConfigMessageLevel.Warning, ControlFileNames.Options, $"unknown key '{key}' (ignored)");
            }
        }
    }
}

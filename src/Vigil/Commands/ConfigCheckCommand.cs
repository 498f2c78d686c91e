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
using Vigil.Server.Hosting;

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

        if (options.ControlDirectory is { } control)
        {
            CheckServeFiles(control, report);
        }

        Console.Out.Write(report.ToString());
        return report.ExitCode;
    }

    /// <summary>
    /// What `vigil serve` reads from the control directory, as its start would: the `serve` file
    /// (unknown key, bad address, bad value) and the listener files (smtproutes, tcp.smtp, rcpthosts,
    /// rcptprofiles, servercert.pem and serverkey.pem: a certificate that cannot be read, a key
    /// without its certificate), each error at its file and line.
    /// </summary>
    private static void CheckServeFiles(string control, ConfigReport report)
    {
        var (serve, serveErrors) = ServeFile.Load(control, new ServeOptions { ControlDirectory = control });
        var (_, listenerErrors) = ServerConfiguration.Load(control, serve.Relay, serve.RelayTls);
        foreach (var error in serveErrors.Concat(listenerErrors))
        {
            // The listener code says `file:line: text` or `file: text`.
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            var place = colon < 0 ? ServeFile.FileName : error[..colon];
            var text = colon < 0 ? error : error[(colon + 2)..];
            var lineColon = place.LastIndexOf(':');
            var line = lineColon > 0 && int.TryParse(place[(lineColon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
            var file = line > 0 ? place[..lineColon] : place;
            report.Add(ConfigMessageLevel.Error, Path.Combine(control, file), line, text);
        }
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

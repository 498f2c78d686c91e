using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Configuration;

namespace Vigil.Commands;

/// <summary>`vigil config check`: every control file read, every error with file:line; exit 1 on error.</summary>
public static class ConfigCheckCommand
{
    public static int Run(string[] args)
    {
        var options = CommonOptions.Parse(args);
        if (options.ControlDirectory is { } dir && !Directory.Exists(dir))
        {
            Console.Error.WriteLine($"vigil: control directory {dir}: No such directory");
            return 1;
        }

        var provider = new PolicyProvider(options.ControlDirectory);
        var report = provider.CheckConfiguration();
        ScannerConfigLoader.Load(provider.Layers, ScannerLineParser.Default, report);
        Console.Out.Write(report.ToString());
        return report.ExitCode;
    }
}

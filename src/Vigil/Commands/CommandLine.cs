namespace Vigil.Commands;

/// <summary>What every hand-written option loop of the commands shares.</summary>
internal static class CommandLine
{
    /// <summary>The control directory `VIGIL_CONTROL` names, when it names one.</summary>
    public static string? ControlFromEnvironment =>
        Environment.GetEnvironmentVariable("VIGIL_CONTROL") is { Length: > 0 } env ? env : null;

    /// <summary>The `options` of control directory <paramref name="directory"/> (built-in defaults for null); null (reason on stderr) when it is missing.</summary>
    public static Engine.Policy.Control.PolicyOptions? ControlOptions(string? directory)
    {
        if (directory is null)
        {
            return Engine.Policy.Control.PolicyOptions.Default;
        }

        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"vigil: control directory {directory}: No such directory");
            return null;
        }

        return new Engine.Policy.PolicyProvider(directory).Current.Options;
    }

    /// <summary>The value after option <paramref name="option"/> at <paramref name="i"/> (moving past it); a usage error when there is none.</summary>
    public static string Value(string[] args, ref int i, string option)
    {
        if (i + 1 >= args.Length)
        {
            throw new UsageException($"{option} needs a value");
        }

        return args[++i];
    }
}

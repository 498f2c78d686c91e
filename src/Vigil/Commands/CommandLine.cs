namespace Vigil.Commands;

/// <summary>What every hand-written option loop of the commands shares.</summary>
internal static class CommandLine
{
    /// <summary>The control directory `VIGIL_CONTROL` names, when it names one.</summary>
    public static string? ControlFromEnvironment =>
        Environment.GetEnvironmentVariable("VIGIL_CONTROL") is { Length: > 0 } env ? env : null;

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

using System.Globalization;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;

namespace Vigil.Commands;

/// <summary>
/// `vigil quarantine list|show ID|release ID|delete ID [--quarantine DIR] [--control DIR] [--sendmail PROGRAM]`.
/// The root is --quarantine, else `options` quarantine=, else /var/spool/vigil/quarantine; a
/// release goes through --sendmail, else `options` reinject=, else /usr/sbin/sendmail; either may
/// also be `smtp:host[:port]`.
/// Exit 0 on success, 1 when the message is not there or the release failed, 2 on usage errors.
/// </summary>
public static class QuarantineCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Arguments.Parse(args, allowDays: false);
        if (parsed.Positional.Count == 0)
        {
            throw new UsageException("quarantine needs list, show ID, release ID or delete ID");
        }

        var verb = parsed.Positional[0];
        var expected = verb == "list" ? 1 : 2;
        if (verb is not ("list" or "show" or "release" or "delete"))
        {
            throw new UsageException($"unknown quarantine command \"{verb}\"");
        }

        if (parsed.Positional.Count != expected)
        {
            throw new UsageException(expected == 1 ? "quarantine list takes no id" : $"quarantine {verb} needs exactly one ID");
        }

        if (parsed.ResolveOptions() is not { } options)
        {
            return 1;
        }

        var root = parsed.Quarantine ?? QuarantineOptions.Root(options);
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"vigil: quarantine {root}: No such directory");
            return 1;
        }

        var store = new QuarantineStore(root);
        return verb switch
        {
            "list" => List(store),
            "show" => Show(store, parsed.Positional[1]),
            "delete" => Delete(store, parsed.Positional[1]),
            _ => await ReleaseAsync(store, parsed.Positional[1], parsed.Sendmail ?? QuarantineOptions.Reinject(options)),
        };
    }

    private static int List(QuarantineStore store)
    {
        var output = Console.Out;
        foreach (var r in store.List())
        {
            var status = r.Released ? "released" : r.Flags.Contains('S', StringComparison.Ordinal) ? "read" : "new";
            var sender = r.Sender is null ? "" : r.Sender.Length == 0 ? "<>" : r.Sender;
            output.Write(string.Join(
                '\t',
                r.Id,
                r.Folder,
                r.Stored.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.Verdict,
                status,
                HeaderValueSanitizer.Sanitize(sender),
                HeaderValueSanitizer.Sanitize(string.Join(',', r.Recipients)),
                r.Subject));
            output.Write('\n');
        }

        return 0;
    }

    private static int Show(QuarantineStore store, string id)
    {
        using var stream = store.Open(id);
        if (stream is null)
        {
            return NotFound(id);
        }

        using var stdout = Console.OpenStandardOutput();
        stream.CopyTo(stdout);
        return 0;
    }

    private static int Delete(QuarantineStore store, string id)
    {
        if (!store.Delete(id))
        {
            return NotFound(id);
        }

        Console.Out.Write($"{id}: deleted\n");
        return 0;
    }

    private static async Task<int> ReleaseAsync(QuarantineStore store, string id, string path)
    {
        if (QuarantineOptions.Reinjector(path, out var error) is not { } reinjector)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return 2;
        }

        var result = await store.ReleaseAsync(id, reinjector);
        if (result.Outcome != ReleaseOutcome.Released)
        {
            Console.Error.WriteLine($"vigil: {(result.Outcome == ReleaseOutcome.Failed ? $"{id}: release failed: " : "")}{result.Detail}");
            return 1;
        }

        Console.Out.Write($"{id}: released to {string.Join(", ", result.Record!.Recipients)}\n");
        if (result.Detail.Length > 0)
        {
            Console.Error.WriteLine($"vigil: {result.Detail}");
        }

        return 0;
    }

    private static int NotFound(string id)
    {
        Console.Error.WriteLine($"vigil: {id}: no such quarantined message");
        return 1;
    }

    /// <summary>The options of `vigil quarantine` and `vigil cleanup`, parsed by hand like <see cref="CommonOptions"/>.</summary>
    internal sealed class Arguments
    {
        public string? ControlDirectory { get; private set; } = CommandLine.ControlFromEnvironment;

        public string? Quarantine { get; private set; }

        public string? Sendmail { get; private set; }

        public string? Days { get; private set; }

        public List<string> Positional { get; } = [];

        public static Arguments Parse(string[] args, bool allowDays)
        {
            var o = new Arguments();
            for (var i = 0; i < args.Length; i++)
            {
                var a = args[i];
                switch (a)
                {
                    case "--control" or "-c":
                        o.ControlDirectory = CommandLine.Value(args, ref i, a);
                        break;
                    case "--quarantine" or "-q":
                        o.Quarantine = CommandLine.Value(args, ref i, a);
                        break;
                    case "--sendmail" when !allowDays:
                        o.Sendmail = CommandLine.Value(args, ref i, a);
                        break;
                    case "--days" when allowDays:
                        o.Days = CommandLine.Value(args, ref i, a);
                        break;
                    case "--":
                        o.Positional.AddRange(args[(i + 1)..]);
                        return o;
                    default:
                        if (a.Length > 1 && a[0] == '-')
                        {
                            throw new UsageException($"unknown option \"{a}\"");
                        }

                        o.Positional.Add(a);
                        break;
                }
            }

            return o;
        }

        /// <summary>The `options` of the control directory (built-in defaults without one); null (reason on stderr) when the directory is missing.</summary>
        public PolicyOptions? ResolveOptions()
        {
            if (ControlDirectory is null)
            {
                return PolicyOptions.Default;
            }

            if (!Directory.Exists(ControlDirectory))
            {
                Console.Error.WriteLine($"vigil: control directory {ControlDirectory}: No such directory");
                return null;
            }

            return new PolicyProvider(ControlDirectory).Current.Options;
        }
    }
}

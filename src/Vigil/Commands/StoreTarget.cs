using System.CommandLine;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Store;
using Vigil.Store.Location;
using Vigil.Store.Sqlite;

namespace Vigil.Commands;

/// <summary>
/// The store a verb reads or writes: `--store` (sqlite:PATH), else what the doors use (`store=` in
/// the control directory's options, else VIGIL_STORE, else the default). Shared by track, report,
/// blocklist, cleanup and `vigil store`.
/// </summary>
internal sealed class StoreTarget
{
    private readonly Option<string> _control = new("--control", "-c") { Description = "The control directory (default: $VIGIL_CONTROL)", HelpName = "DIR" };
    private readonly Option<string> _store = new("--store") { Description = "The store: sqlite:PATH or postgres://user@host[:port]/db (default: store= in options, else $VIGIL_STORE, else /var/lib/vigil/store.db)", HelpName = "STORE" };

    public string? ControlDirectory { get; private init; } = CommandLine.ControlFromEnvironment;

    public string? Store { get; private init; }

    public Command AddTo(Command command, bool withControl = true)
    {
        if (withControl)
        {
            command.Add(_control);
        }

        command.Add(_store);
        return command;
    }

    public StoreTarget Read(ParseResult parse) => new()
    {
        ControlDirectory = parse.GetValue(_control) ?? CommandLine.ControlFromEnvironment,
        Store = parse.GetValue(_store),
    };

    /// <summary>The control directory's `options`; null (reason on stderr) when it is missing.</summary>
    public PolicyOptions? Options() => CommandLine.ControlOptions(ControlDirectory);

    /// <summary>Where the store is; null (reason on stderr) when it is off, misnamed or the control directory is missing.</summary>
    public StoreLocation? Location(PolicyOptions options) => Resolve(options, Store, quiet: false);

    /// <summary>
    /// The store <paramref name="store"/> (a --store value) names, else the doors' one; the
    /// default path even when its directory does not exist (a verb asks for it explicitly).
    /// Null when off or misnamed, said on stderr unless <paramref name="quiet"/> and merely off.
    /// </summary>
    public static StoreLocation? Resolve(PolicyOptions options, string? store, bool quiet)
    {
        StoreLocation? location;
        string? error;
        if (store is not null)
        {
            StoreLocation.TryParse(store, out location, out error);
            error = error is null ? null : "--" + error;
        }
        else
        {
            location = StoreLocation.Resolve(options, Environment.GetEnvironmentVariable(StoreLocation.Variable), out error);
            if (location is null && error is null && options.Get(StoreLocation.OptionKey) is null && Environment.GetEnvironmentVariable(StoreLocation.Variable) is not { Length: > 0 })
            {
                location = new StoreLocation(StoreLocation.DefaultPath, false);
            }
        }

        if (error is not null)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return null;
        }

        if (location is null && !quiet)
        {
            Console.Error.WriteLine("vigil: the store is off (store=off)");
        }

        return location;
    }

    /// <summary>
    /// Marks quarantined message <paramref name="id"/> released or deleted in the doors' store, when
    /// there is one; a store that cannot be written is said on stderr and changes nothing else.
    /// </summary>
    public static void RecordQuarantineState(PolicyOptions options, string id, string state)
    {
        if (Resolve(options, null, quiet: true) is not { } location || (!location.IsPostgres && !File.Exists(location.SqlitePath)))
        {
            return;
        }

        using var store = location.Open(TimeSpan.FromSeconds(10), create: false, out var error);
        if (store is null)
        {
            Console.Error.WriteLine($"vigil: {error}; the store still says quarantined");
            return;
        }

        try
        {
            store.SetQuarantineState(id, state);
        }
        catch (System.Data.Common.DbException e)
        {
            Console.Error.WriteLine($"vigil: store {location.Name}: {e.Message}; the store still says quarantined");
        }
    }

    /// <summary>The store, SQLite or PostgreSQL, opened (created when <paramref name="create"/>); null (reason on stderr) when it cannot be.</summary>
    public IMessageStore? OpenAny(bool create)
    {
        if (Options() is not { } options || Location(options) is not { } location)
        {
            return null;
        }

        var store = location.Open(TimeSpan.FromSeconds(10), create, out var error);
        if (store is null)
        {
            Console.Error.WriteLine($"vigil: {error}");
        }

        return store;
    }
}

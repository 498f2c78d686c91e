using System.CommandLine;
using System.Text;
using Vigil.Web.Users;

namespace Vigil.Commands;

/// <summary>
/// `vigil user add NAME --role admin|reviewer [--domains a,b]` (the password from standard
/// input: its first line; asked for without echo on a terminal), `vigil user list`,
/// `vigil user remove NAME`: the dashboard's users, in the store (docs/DASHBOARD.md). Adding a
/// name that exists replaces its role, domains and password. Exit 0, 1 when the store cannot be
/// opened or the user does not exist, 2 on usage errors.
/// </summary>
internal static class UserCommand
{
    public const int MinPasswordLength = 8;

    public static Command Definition()
    {
        var command = new Command("user", "Add, list or remove dashboard users (stored in the store).");
        command.Add(Add());
        command.Add(List());
        command.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var target = new StoreTarget();
        var name = new Argument<string>("NAME") { Description = "The login name" };
        var role = new Option<string>("--role") { Description = "admin (everything) or reviewer (only --domains)", Required = true, HelpName = "ROLE" };
        var domains = new Option<string>("--domains") { Description = "A reviewer's recipient domains, comma-separated", HelpName = "DOMAINS" };
        var command = target.AddTo(new Command("add", "Add a user (or set an existing one's role, domains and password); the password is read from standard input."));
        command.Add(name);
        command.Add(role);
        command.Add(domains);
        command.SetAction(parse =>
        {
            var who = parse.GetValue(name)!;
            var what = parse.GetValue(role)!;
            var list = (parse.GetValue(domains) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            if (!UserNames.IsValidName(who))
            {
                throw new UsageException($"'{who}' is not a user name (letters, digits, . _ @ -; at most 64)");
            }

            if (what is not (WebUser.Admin or WebUser.Reviewer))
            {
                throw new UsageException($"--role: '{what}' is not admin or reviewer");
            }

            if (what == WebUser.Reviewer && list.Count == 0)
            {
                throw new UsageException("a reviewer needs --domains");
            }

            if (list.FirstOrDefault(d => !UserNames.IsValidDomain(d)) is { } bad)
            {
                throw new UsageException($"--domains: '{bad}' is not a domain");
            }

            var password = ReadPassword();
            if (password is null || password.Length < MinPasswordLength)
            {
                Console.Error.WriteLine($"vigil: the password (first line of standard input) must have at least {MinPasswordLength} characters");
                return 2;
            }

            if (Open(target.Read(parse)) is not { } database)
            {
                return 1;
            }

            var isNew = new UserStore(database).Set(who, what, what == WebUser.Admin ? [] : list, password);
            Console.Out.Write($"{(isNew ? "added" : "updated")} {what} {who}{(what == WebUser.Reviewer ? " for " + string.Join(", ", list) : "")} in {database.Name}\n");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var target = new StoreTarget();
        var command = target.AddTo(new Command("list", "One line per user: name, role, domains."));
        command.SetAction(parse =>
        {
            if (Open(target.Read(parse)) is not { } database)
            {
                return 1;
            }

            foreach (var u in new UserStore(database).List())
            {
                Console.Out.Write($"{u.Name}\t{u.Role}\t{string.Join(',', u.Domains)}\n");
            }

            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var target = new StoreTarget();
        var name = new Argument<string>("NAME") { Description = "The login name" };
        var command = target.AddTo(new Command("remove", "Remove a user; their open sessions end at their next request."));
        command.Add(name);
        command.SetAction(parse =>
        {
            if (Open(target.Read(parse)) is not { } database)
            {
                return 1;
            }

            var who = parse.GetValue(name)!;
            if (!new UserStore(database).Remove(who))
            {
                Console.Error.WriteLine($"vigil: no user {who}");
                return 1;
            }

            Console.Out.Write($"removed {who}\n");
            return 0;
        });
        return command;
    }

    /// <summary>The store (SQLite or PostgreSQL) with the dashboard's tables ready; null (reason on stderr) when it cannot be.</summary>
    private static DashboardDatabase? Open(StoreTarget target)
    {
        if (target.Options() is not { } options || target.Location(options) is not { } location)
        {
            return null;
        }

        var database = new DashboardDatabase(location);
        if (database.Prepare() is { } error)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return null;
        }

        return database;
    }

    /// <summary>The first line of standard input; on a terminal, asked for and typed without echo.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        Console.Error.Write("Password: ");
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (sb.Length > 0)
                {
                    sb.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                sb.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return sb.ToString();
    }
}

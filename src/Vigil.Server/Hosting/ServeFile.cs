using System.Globalization;
using System.Net;
using Vigil.Server.Milter;
using Vigil.Server.Relay;

namespace Vigil.Server.Hosting;

/// <summary>
/// The `serve` file of the control directory: `vigil serve`'s command line kept with the rest of
/// the configuration, `key=value` a line, `#` comments. A flag given on the command line wins over
/// its key. Read once at start (listeners and limits are not reloaded; SIGHUP reloads the policy
/// and the listener files).
/// <code>
/// smtp=127.0.0.1:2525 127.0.0.1:10025   # --smtp (several, by spaces or lines)
/// milter=127.0.0.1:8891 unix:/run/vigil/milter.sock   # --milter (IP:PORT or unix:/PATH)
/// miltergroup=postfix                   # --milter-group: the group a unix milter socket is given (mode 0660)
/// relay=127.0.0.1:10026                 # --relay
/// hostname=gw.example.com               # --hostname
/// drain=30                              # --drain (seconds)
/// maxmessagesize=50M  maxheaderbytes=256K  maxrecipients=100  maxcommands=1000
/// commandtimeout=300  sessiontimeout=1800  relaytimeout=600     (seconds)
/// maxconnections=1000  maxconnectionsperip=50
/// relaytls=may                          # STARTTLS to next hops: may, require, no (smtproutes' tls= wins)
/// relayconnections=10 relayidle=10      # idle connections kept per next hop (0: none), seconds kept
/// quarantinereply=250                   # the reply to quarantined mail: 250, 550, 554 or 451
/// </code>
/// </summary>
public static class ServeFile
{
    public const string FileName = "serve";

    /// <summary><paramref name="defaults"/> with the file's settings; the errors as `serve:line: text` (none when there is no file).</summary>
    public static (ServeOptions Options, List<string> Errors) Load(string? controlDirectory, ServeOptions defaults)
    {
        var errors = new List<string>();
        if (controlDirectory is null)
        {
            return (defaults, errors);
        }

        var path = Path.Combine(controlDirectory, FileName);
        string[] lines;
        try
        {
            if (!File.Exists(path))
            {
                return (defaults, errors);
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{FileName}: {e.Message}");
            return (defaults, errors);
        }

        return (Parse(lines, defaults, errors), errors);
    }

    /// <summary>Applies the lines to <paramref name="options"/>; a bad line is an error and changes nothing.</summary>
    public static ServeOptions Parse(IEnumerable<string> lines, ServeOptions options, List<string> errors)
    {
        var smtp = new List<IPEndPoint>();
        var milter = new List<EndPoint>();
        var limits = options.Limits;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var hash = raw.IndexOf('#');
            var line = (hash < 0 ? raw : raw[..hash]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var eq = line.IndexOf('=');
            var key = eq < 0 ? line : line[..eq].Trim().ToLowerInvariant();
            var value = eq < 0 ? "" : line[(eq + 1)..].Trim();
            string? error = null;
            switch (key)
            {
                case "smtp":
                    error = Endpoints(value, smtp);
                    break;
                case "milter":
                    error = MilterEndpoints(value, milter);
                    break;
                case "miltergroup":
                    options = options with { MilterGroup = value.Length > 0 ? value : null };
                    break;
                case "web":
                    var web = new List<IPEndPoint>();
                    error = Endpoints(value, web) ?? (web.Count == 1 ? null : "web: one IP:PORT");
                    options = error is null ? options with { Web = web[0] } : options;
                    break;
                case "relay":
                    if (NextHop.TryParse(value, out var hop))
                    {
                        options = options with { Relay = hop };
                    }
                    else
                    {
                        error = $"relay: '{value}' is not HOST:PORT";
                    }

                    break;
                case "hostname":
                    if (value.Length is > 0 and <= 255 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
                    {
                        options = options with { HostName = value };
                    }
                    else
                    {
                        error = $"hostname: '{value}' is not a host name";
                    }

                    break;
                case "drain":
                    error = Seconds(key, value, 3600, s => options = options with { DrainTimeout = s });
                    break;
                case "relaytimeout":
                    error = Seconds(key, value, 3600, s => options = options with { RelayTimeout = s });
                    break;
                case "relaytls":
                    if (NextHop.TryParseTls(value, out var tls))
                    {
                        options = options with { RelayTls = tls };
                    }
                    else
                    {
                        error = $"relaytls: '{Printable(value)}' is not may, require or no";
                    }

                    break;
                case "quarantinereply":
                    if (value is "250" or "550" or "554" or "451")
                    {
                        options = options with { QuarantineReply = int.Parse(value, CultureInfo.InvariantCulture) };
                    }
                    else
                    {
                        error = $"quarantinereply: '{Printable(value)}' is not 250, 550, 554 or 451";
                    }

                    break;
                case "relayidle":
                    error = Seconds(key, value, 3600, s => options = options with { RelayIdleTimeout = s });
                    break;
                case "relayconnections":
                    error = value == "0" ? Zero(() => options = options with { RelayConnections = 0 }) : Size(key, value, 1000, n => options = options with { RelayConnections = (int)n });
                    break;
                case "commandtimeout":
                    error = Seconds(key, value, 3600, s => limits = limits with { CommandTimeout = s });
                    break;
                case "sessiontimeout":
                    error = Seconds(key, value, 86400, s => limits = limits with { SessionTimeout = s });
                    break;
                case "maxmessagesize":
                    error = Size(key, value, 4L << 30, n => limits = limits with { MaxMessageSize = n });
                    break;
                case "maxheaderbytes":
                    error = Size(key, value, 64 << 20, n => limits = limits with { MaxHeaderBytes = (int)n });
                    break;
                case "maxrecipients":
                    error = Size(key, value, 100_000, n => limits = limits with { MaxRecipients = (int)n });
                    break;
                case "maxcommands":
                    error = Size(key, value, 1_000_000, n => limits = limits with { MaxCommands = (int)n });
                    break;
                case "maxconnections":
                    error = Size(key, value, 1_000_000, n => limits = limits with { MaxConnections = (int)n });
                    break;
                case "maxconnectionsperip":
                    error = Size(key, value, 1_000_000, n => limits = limits with { MaxConnectionsPerIp = (int)n });
                    break;
                default:
                    error = $"unknown key '{Printable(key)}'";
                    break;
            }

            if (error is not null)
            {
                errors.Add($"{FileName}:{number}: {error}");
            }
        }

        return options with
        {
            Smtp = smtp.Count > 0 ? smtp : options.Smtp,
            Milter = milter.Count > 0 ? milter : options.Milter,
            Limits = limits,
        };
    }

    private static string? MilterEndpoints(string value, List<EndPoint> into)
    {
        foreach (var word in value.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (MilterAddress.Parse(word) is not { } endpoint)
            {
                return $"milter: '{Printable(word)}' is not IP:PORT or unix:/ABSOLUTE/PATH";
            }

            into.Add(endpoint);
        }

        return null;
    }

    private static string? Endpoints(string value, List<IPEndPoint> into)
    {
        foreach (var word in value.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPEndPoint.TryParse(word, out var endpoint) || endpoint.Port == 0)
            {
                return $"'{Printable(word)}' is not IP:PORT";
            }

            into.Add(endpoint);
        }

        return null;
    }

    private static string? Zero(Action set)
    {
        set();
        return null;
    }

    private static string? Seconds(string key, string value, int max, Action<TimeSpan> set)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
        {
            return $"{key}: '{Printable(value)}' is not 1 to {max.ToString(CultureInfo.InvariantCulture)} seconds";
        }

        set(TimeSpan.FromSeconds(n));
        return null;
    }

    /// <summary>A count or a size: digits, optionally K, M or G (1024-based).</summary>
    private static string? Size(string key, string value, long max, Action<long> set)
    {
        var multiplier = 1L;
        var digits = value;
        var unit = value.Length > 1 ? char.ToUpperInvariant(value[^1]) : ' ';
        if (unit is 'K' or 'M' or 'G')
        {
            multiplier = unit switch { 'K' => 1024L, 'M' => 1024L * 1024, _ => 1024L * 1024 * 1024 };
            digits = value[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max / multiplier)
        {
            return $"{key}: '{Printable(value)}' is not a number from 1 to {max.ToString(CultureInfo.InvariantCulture)}";
        }

        set(n * multiplier);
        return null;
    }

    private static string Printable(string s) => new([.. s.Take(60).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}

using System.Globalization;
using Vigil.Commands;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Mime.Spooling;
using Vigil.Server.Local;
using Vigil.Store.Location;

namespace Vigil.Doors;

/// <summary>
/// A qmail door's way to `vigil serve`'s local socket: which socket (VIGIL_SOCKET, else `socket=`
/// in the control directory's `options`), and one request for the message. When the daemon does
/// not answer (no socket, refused, a timeout, a reply that breaks the protocol, another policy)
/// the door is told null, with one line on <c>notes</c>, and judges the message itself.
/// </summary>
public static class DoorSocket
{
    /// <summary>The socket path; set and empty turns the socket off for this door.</summary>
    public const string Variable = "VIGIL_SOCKET";

    /// <summary>Seconds the door waits for the daemon's verdict before judging the message itself (default 300).</summary>
    public const string TimeoutVariable = "VIGIL_SOCKET_TIMEOUT";

    private const int MaxOptionsBytes = 64 * 1024;

    /// <summary>The socket this door asks; null when none is configured.</summary>
    public static string? Resolve(CommonOptions options)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { } env)
        {
            return env.Length > 0 ? env : null;
        }

        return options.ControlDirectory is { } dir ? FromOptionsFile(Path.Combine(dir, "options")) : null;
    }

    /// <summary>
    /// Takes the daemon's reply as this door's own: its warnings on <paramref name="stderr"/>, its
    /// log lines through <paramref name="log"/>, its report in this door's store unless the daemon
    /// wrote the rows itself (then this process opens no database at all).
    /// </summary>
    public static LocalReply Adopt(LocalReply remote, TextWriter stderr, Action<string> log, DoorStore store)
    {
        stderr.Write(remote.Warnings);
        foreach (var line in remote.LogLines)
        {
            log(line);
        }

        stderr.Flush();
        if (remote.Stored == true)
        {
            return remote;
        }

        store.Open(remote.RootPolicyOptions, stderr);
        if (remote.Report is { } report)
        {
            // Under this door's node name, as when it judges in-process (the daemon's VIGIL_NODE may differ).
            store.Observe(report with { Node = NodeName.Current });
        }

        return remote;
    }

    /// <summary>
    /// The outcome from this process's own engine, as the daemon would have sent it; null when the
    /// engine cannot be built (a bad control directory or profile, said on stderr).
    /// </summary>
    public static async Task<LocalReply?> JudgeHereAsync(CommonOptions options, Envelope envelope, SpooledMessage spool, DoorStore store, TextWriter stderr, Func<IMessageLogWriter?> defaultLog)
    {
        var gateway = GatewayFactory.Create(options, store);
        if (gateway is null)
        {
            return null;
        }

        var door = GatewayFactory.Door(options, stderr) with { DefaultLog = defaultLog };
        using var outcome = await gateway.ProcessAsync(spool, envelope, door);
        return LocalReply.From(outcome, gateway, options.Profiles);
    }

    /// <summary>The daemon's reply when it judged the message; null (why on <paramref name="notes"/>) when the door must judge it.</summary>
    public static async Task<LocalReply?> AskAsync(string socket, LocalRequestKind kind, CommonOptions options, Envelope envelope, SpooledMessage message, TextWriter notes, string door)
    {
        var request = new LocalRequest(kind, envelope)
        {
            ControlDirectory = LocalPolicyIdentity.Normalize(options.ControlDirectory),
            ClamdAddresses = options.ClamdAddresses,
            Profiles = [.. options.Profiles.Select(p => Path.GetFullPath(p))],
            // The rows of a processed message: the daemon writes them when it has the store this door would.
            Store = kind == LocalRequestKind.Process ? new LocalStoreAsk(Environment.GetEnvironmentVariable(StoreLocation.Variable), NodeName.Current) : null,
        };
        var answer = await new LocalSocketClient(socket, Timeouts()).AskAsync(request, message).ConfigureAwait(false);
        if (answer.Answered)
        {
            return answer.Reply;
        }

        // A daemon older than this door refuses the store section as trailing bytes: say what helps.
        var hint = request.Store is not null && answer.Reply is { Status: LocalReplyStatus.BadRequest } && answer.Problem.Contains("after the header's last field", StringComparison.Ordinal)
            ? " (a vigil serve older than this door? restart it)"
            : "";
        notes.WriteLine($"{door}: local socket {socket}: {answer.Problem}{hint}; judging the message in this process");
        return null;
    }

    private static LocalClientTimeouts Timeouts() =>
        Environment.GetEnvironmentVariable(TimeoutVariable) is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? LocalClientTimeouts.Default with { Reply = TimeSpan.FromSeconds(seconds), Write = TimeSpan.FromSeconds(Math.Min(seconds, 30)) }
            : LocalClientTimeouts.Default;

    /// <summary>`socket=` of an `options` file (key=value lines, # comments, the last one wins); null when unset or unreadable.</summary>
    private static string? FromOptionsFile(string path)
    {
        string text;
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[MaxOptionsBytes];
            text = System.Text.Encoding.UTF8.GetString(buffer, 0, file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        string? found = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length > 0 && line[0] != '#' && eq > 0 && line[..eq].Trim().Equals(ServeCommand.SocketKey, StringComparison.OrdinalIgnoreCase))
            {
                found = line[(eq + 1)..].Trim();
            }
        }

        return found is { Length: > 0 } ? found : null;
    }
}

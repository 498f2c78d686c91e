using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Bench.Load;

/// <summary>
/// `idle smtp:HOST:PORT --sessions N --pid PID`: the server's resident memory (VmRSS) before, with
/// N sessions held open and idle after the greeting (each one greeted), and after they close; one
/// `idle` result line for bench/gateway.sh.
/// </summary>
public static class IdleBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !args[1].StartsWith("smtp:", StringComparison.Ordinal) || !IPEndPoint.TryParse(args[1][5..], out var endpoint))
        {
            Console.Error.WriteLine("usage: Vigil.Bench idle smtp:HOST:PORT [--sessions N] --pid PID");
            return 2;
        }

        var sessions = 1000;
        var pid = 0;
        for (var i = 2; i + 1 < args.Length; i++)
        {
            if (args[i] == "--sessions")
            {
                sessions = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--pid")
            {
                pid = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }

        var before = RssMb(pid);
        var sockets = new List<Socket>(sessions);
        var greeted = 0;
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(endpoint, bound.Token);
                var greeting = await new ReplyReader(socket).ReadAsync(bound.Token);
                if (greeting.Code == 220)
                {
                    greeted++;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(2), bound.Token);
            var held = RssMb(pid);
            foreach (var s in sockets)
            {
                s.Dispose();
            }

            sockets.Clear();
            await Task.Delay(TimeSpan.FromSeconds(3), bound.Token);
            var after = RssMb(pid);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle sessions={sessions} greeted={greeted} rss_before_mb={before:0.0} rss_held_mb={held:0.0} rss_after_mb={after:0.0} kb_per_session={(held - before) * 1024 / sessions:0.0}"));
            return greeted == sessions ? 0 : 1;
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }

    private static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }
}

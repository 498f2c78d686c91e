using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Server.Smtp;
using Vigil.Server.Tests.Smtp;

namespace Vigil.Server.Tests.Load;

/// <summary>
/// 1,000 SMTP sessions held open and idle after the greeting (the whole serve host in this
/// process): each one is greeted, the listener still serves a new session while they wait, and
/// the managed heap grows by a bounded amount per idle session (clients and server together).
/// </summary>
public sealed class IdleSessionsTests
{
    private const int Sessions = 1000;

    /// <summary>Managed bytes an idle session may cost, both ends counted: Kestrel's pipes, the session, the client's socket.</summary>
    private const long MaxBytesPerSession = 64 * 1024;

    [Fact]
    public async Task AThousandIdleSessionsAreHeldWithBoundedMemory()
    {
        var limits = new SmtpLimits { MaxConnections = Sessions + 10, MaxConnectionsPerIp = Sessions + 10 };
        await using var host = await SmtpTestHost.StartAsync(null, null, limits);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var clients = new List<TcpClient>(Sessions);
        try
        {
            for (var i = 0; i < Sessions; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, host.Port);
                Assert.StartsWith("220 ", await ReadLineAsync(client.GetStream()), StringComparison.Ordinal);
            }

            var held = GC.GetTotalMemory(forceFullCollection: true);
            var perSession = (held - before) / Sessions;

            using var extra = new TcpClient();
            await extra.ConnectAsync(IPAddress.Loopback, host.Port);
            var stream = extra.GetStream();
            Assert.StartsWith("220 ", await ReadLineAsync(stream), StringComparison.Ordinal);
            await stream.WriteAsync("NOOP\r\n"u8.ToArray());
            Assert.StartsWith("250", await ReadLineAsync(stream), StringComparison.Ordinal);

            Assert.True(perSession < MaxBytesPerSession, $"{perSession} managed bytes per idle session ({held - before} for {Sessions})");
        }
        finally
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (line.Length < 1000 && await stream.ReadAsync(one, bound.Token) == 1)
        {
            if (one[0] == '\n')
            {
                break;
            }

            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }
}

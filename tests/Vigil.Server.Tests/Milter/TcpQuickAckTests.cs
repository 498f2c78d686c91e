using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Milter;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// The milter listener's immediate ACK (the fix for Postfix's 48 ms per-message stall): a
/// Kestrel TCP connection yields the socket, and after a read the kernel reports TCP_QUICKACK on
/// again though the connection was put in delayed-ACK mode first.
/// </summary>
public sealed class TcpQuickAckTests
{
    [Fact]
    public async Task AKestrelTcpConnectionGetsQuickAckAfterARead()
    {
        var port = PeerScript.FreePort();
        var probe = new Probe();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(probe);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseConnectionHandler<ProbeHandler>()));
        await using var app = builder.Build();
        await app.StartAsync();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await client.GetStream().WriteAsync("x"u8.ToArray());
        var answer = new byte[1];
        await client.GetStream().ReadExactlyAsync(answer);
        await app.StopAsync();

        Assert.True(probe.Found);
        Assert.Equal(0, probe.Before);
        Assert.Equal(1, probe.QuickAck);
        Assert.Equal((byte)'1', answer[0]);
    }

    public sealed class Probe
    {
        public bool Found { get; set; }

        public int Before { get; set; } = -1;

        public int QuickAck { get; set; } = -1;
    }

    public sealed class ProbeHandler(Probe probe) : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            var quickAck = TcpQuickAck.For(connection);
            probe.Found = quickAck is not null;
            var socket = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()!.Socket;
            var value = new byte[4];

            // Delayed ACKs on (the kernel's interactive mode, where Postfix's stall came from): reads 0.
            socket.SetRawSocketOption(6, 12, BitConverter.GetBytes(0));
            socket.GetRawSocketOption(6, 12, value);
            probe.Before = BitConverter.ToInt32(value);

            var read = await connection.Transport.Input.ReadAsync();
            connection.Transport.Input.AdvanceTo(read.Buffer.End);
            quickAck?.AfterRead();
            socket.GetRawSocketOption(6, 12, value);
            probe.QuickAck = BitConverter.ToInt32(value);
            await connection.Transport.Output.WriteAsync("1"u8.ToArray());
        }
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// The MTA's side of the milter protocol, written for the tests from the protocol description
/// (not with the server's code): send a command, read the replies up to a final one.
/// </summary>
public sealed class MilterTestClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    public MilterTestClient(int port)
    {
        _tcp = new TcpClient();
        _tcp.Connect("127.0.0.1", port);
        _stream = _tcp.GetStream();
        _stream.ReadTimeout = 30_000;
    }

    /// <summary>One reply: its byte ('c', 'a', 'h', 'i', 'm', 'q', 'y'...) and data.</summary>
    public sealed record Reply(char Code, byte[] Data)
    {
        /// <summary>The data as NUL-separated strings (header name and value, reply text).</summary>
        public string[] Strings(int skip = 0)
        {
            // Every string ends in NUL: the piece after the last one is no field.
            var pieces = Encoding.UTF8.GetString(Data, skip, Data.Length - skip).Split('\0');
            return pieces[^1].Length == 0 ? pieces[..^1] : pieces;
        }

        public uint Index => BinaryPrimitives.ReadUInt32BigEndian(Data);
    }

    public void Send(char command, ReadOnlySpan<byte> data)
    {
        var packet = new byte[5 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(data.Length + 1));
        packet[4] = (byte)command;
        data.CopyTo(packet.AsSpan(5));
        _stream.Write(packet);
    }

    public void Send(char command, params string[] fields) => Send(command, Fields(fields));

    public static byte[] Fields(params string[] fields) => Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => f + "\0")));

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    /// <summary>One reply; null when the server closed the connection.</summary>
    public Reply? Read()
    {
        var length = new byte[4];
        if (!ReadExactly(length))
        {
            return null;
        }

        var n = BinaryPrimitives.ReadUInt32BigEndian(length);
        Assert.InRange(n, 1u, 1_000_000u);
        var body = new byte[n];
        Assert.True(ReadExactly(body), "connection closed inside a reply");
        return new Reply((char)body[0], body[1..]);
    }

    /// <summary>Replies up to and including a final one (anything but a modification or progress).</summary>
    public List<Reply> ReadUntilFinal()
    {
        var replies = new List<Reply>();
        while (Read() is { } reply)
        {
            replies.Add(reply);
            if (reply.Code is not ('h' or 'i' or 'm' or 'q' or 'p' or '+' or '-' or 'e' or 'b' or '2'))
            {
                return replies;
            }
        }

        throw new InvalidOperationException("connection closed before a final reply");
    }

    /// <summary>Option negotiation offering everything of version 6; returns (version, actions, protocol) answered.</summary>
    public (uint Version, uint Actions, uint Protocol) Negotiate(uint actions = 0x1FF, uint protocol = 0x1FFFFF)
    {
        var offer = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(offer, 6);
        BinaryPrimitives.WriteUInt32BigEndian(offer.AsSpan(4), actions);
        BinaryPrimitives.WriteUInt32BigEndian(offer.AsSpan(8), protocol);
        Send('O', offer);
        var reply = Read() ?? throw new InvalidOperationException("no answer to option negotiation");
        Assert.Equal('O', reply.Code);
        return (BinaryPrimitives.ReadUInt32BigEndian(reply.Data), BinaryPrimitives.ReadUInt32BigEndian(reply.Data.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(reply.Data.AsSpan(8)));
    }

    /// <summary>True when the server has closed the connection (reads end) within a few seconds.</summary>
    public bool IsClosedByServer()
    {
        var buffer = new byte[64];
        try
        {
            _stream.ReadTimeout = 5_000;
            return _stream.Read(buffer) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private bool ReadExactly(byte[] buffer)
    {
        var at = 0;
        while (at < buffer.Length)
        {
            var n = _stream.Read(buffer, at, buffer.Length - at);
            if (n == 0)
            {
                return false;
            }

            at += n;
        }

        return true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}

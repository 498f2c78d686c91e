using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Sends lines to the local syslog daemon over its Unix datagram socket (/dev/log) in the
/// RFC 3164 form: <c>&lt;PRI&gt;Mmm dd hh:mm:ss [HOSTNAME ]TAG[PID]: MSG</c>, PRI = facility × 8 +
/// severity (mail.info = 22 by default). The HOSTNAME is left out by default, as glibc's
/// syslog(3) does on the local socket (the daemon adds it); <see cref="IncludeHostName"/> puts it
/// in. A message is cut to <see cref="MaxMessageBytes"/> at a character boundary. Tabs are sent
/// as they are; rsyslog shows them as "#011" unless `parser.escapeControlCharacterTab="off"`.
/// A failed send closes the socket and the next write reconnects.
/// </summary>
public sealed class SyslogMessageLogWriter : IMessageLogWriter, IDisposable
{
    public const string DefaultSocketPath = "/dev/log";
    public const int MailFacility = 2;
    public const int InfoSeverity = 6;

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Lock _lock = new();
    private readonly string _socketPath;
    private Socket? _socket;

    public SyslogMessageLogWriter(string socketPath = DefaultSocketPath, string tag = "vigil", int facility = MailFacility)
    {
        _socketPath = socketPath;
        Tag = tag;
        Facility = facility is >= 0 and <= 23 ? facility : MailFacility;
    }

    public string Tag { get; }

    public int Facility { get; }

    public bool IncludeHostName { get; init; }

    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>RFC 3164 allows 1024 bytes; today's daemons take more, so lines with many attachments fit.</summary>
    public int MaxMessageBytes { get; init; } = 2048;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public bool Write(string line) => Write(line, InfoSeverity);

    /// <summary>Sends one line with the given severity (0 emerg ... 7 debug).</summary>
    public bool Write(string line, int severity)
    {
        var datagram = Format(line, severity);
        lock (_lock)
        {
            try
            {
                _socket ??= Connect(_socketPath);
                _socket.Send(datagram);
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or ArgumentException)
            {
                _socket?.Dispose();
                _socket = null;
                return false;
            }
        }
    }

    /// <summary>The datagram for one line: header, then the line cut to the size limit.</summary>
    public byte[] Format(string line, int severity = InfoSeverity)
    {
        var now = Clock.GetLocalNow();
        var pri = (Facility * 8) + Math.Clamp(severity, 0, 7);
        var header = new StringBuilder(64);
        header.Append('<').Append(pri.ToString(CultureInfo.InvariantCulture)).Append('>')
            .Append(Months[now.Month - 1]).Append(' ')
            .Append(now.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2, ' ')).Append(' ')
            .Append(now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ');
        if (IncludeHostName)
        {
            header.Append(HostName).Append(' ');
        }

        header.Append(Tag).Append('[').Append(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).Append("]: ");

        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        var room = Math.Max(0, MaxMessageBytes - headerBytes.Length);
        var body = Encoding.UTF8.GetBytes(line);
        var cut = Math.Min(body.Length, room);

        // Step back to the start of a UTF-8 sequence so the cut never leaves half a character.
        while (cut < body.Length && cut > 0 && (body[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        var datagram = new byte[headerBytes.Length + cut];
        headerBytes.CopyTo(datagram, 0);
        body.AsSpan(0, cut).CopyTo(datagram.AsSpan(headerBytes.Length));
        return datagram;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

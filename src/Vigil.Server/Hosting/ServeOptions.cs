using System.Net;
using Vigil.Server.Local;
using Vigil.Server.Milter;
using Vigil.Server.Relay;
using Vigil.Server.Smtp;

namespace Vigil.Server.Hosting;

/// <summary>What `vigil serve` was started with: the listeners' addresses and the settings not kept in control files.</summary>
public sealed record ServeOptions
{
    /// <summary>The control directory (policy, scanners, smtproutes, tcp.smtp, rcpthosts); null for the built-in defaults.</summary>
    public string? ControlDirectory { get; init; }

    /// <summary>Where the SMTP gateway listens; none when empty.</summary>
    public IReadOnlyList<IPEndPoint> Smtp { get; init; } = [];

    /// <summary>Where the milter listener listens (Postfix smtpd_milters): IP endpoints or unix sockets; none when empty.</summary>
    public IReadOnlyList<EndPoint> Milter { get; init; } = [];

    /// <summary>The group a unix milter socket is given (`miltergroup=`: Postfix's own group); the daemon's own when null. Mode 0660.</summary>
    public string? MilterGroup { get; init; }

    /// <summary>Where the dashboard listens (--web, `web=`; plain HTTP, 127.0.0.1 unless told); none when null.</summary>
    public IPEndPoint? Web { get; init; }

    /// <summary>The unix socket the qmail doors ask (--socket, `socket=`); none when null. Mode 0660.</summary>
    public string? Socket { get; init; }

    /// <summary>The group the socket is given to (--socket-group, `socketgroup=`: the qmail doors' group); the daemon's own when null.</summary>
    public string? SocketGroup { get; init; }

    /// <summary>The --clamd addresses the engine was given: a door asking the socket must have the same.</summary>
    public IReadOnlyList<string> ClamdAddresses { get; init; } = [];

    public LocalLimits LocalLimits { get; init; } = new();

    /// <summary>The store writer that takes the rows of the doors asking the socket; by default none (each door writes its own).</summary>
    public ILocalRowStore LocalRows { get; init; } = NoLocalRowStore.Instance;

    /// <summary>The next hop when `smtproutes` has no route for a recipient (--relay).</summary>
    public NextHop? Relay { get; init; }

    /// <summary>This host's name in the greeting, EHLO and Received lines.</summary>
    public string HostName { get; init; } = Dns.GetHostName();

    public SmtpLimits Limits { get; init; } = new();

    public MilterLimits MilterLimits { get; init; } = new();

    /// <summary>How long the whole relay of one message may take.</summary>
    public TimeSpan RelayTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>STARTTLS towards next hops whose smtproutes line has no `tls=` (and --relay's): `relaytls=`.</summary>
    public RelayTls RelayTls { get; init; } = RelayTls.May;

    /// <summary>Idle connections kept per next hop for the next message (`relayconnections=`); 0: a connection per message.</summary>
    public int RelayConnections { get; init; } = 10;

    /// <summary>How long an idle connection to a next hop is kept (`relayidle=`; Postfix's own cache keeps them 2 s).</summary>
    public TimeSpan RelayIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages sent over one connection before it is closed and a new one opened.</summary>
    public int RelayMessagesPerConnection { get; init; } = 100;

    /// <summary>The reply to a message the engine quarantined (`quarantinereply=`): 250 (default: accepted, kept in the quarantine), 550 or 554 (refused, kept), 451 (deferred, kept: each retry adds a copy).</summary>
    public int QuarantineReply { get; init; } = 250;

    /// <summary>How long SIGTERM waits for open sessions to finish before they are cut.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

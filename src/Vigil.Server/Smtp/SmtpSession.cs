namespace Vigil.Server.Smtp;

/// <summary>
/// The SMTP protocol state of one session, without I/O: a command line in, a reply and an action
/// out. It keeps the envelope of the open transaction and enforces the per-session limits; the
/// connection handler does the reading (bounded lines, DATA) and writing.
/// </summary>
public sealed class SmtpSession
{
    private readonly SmtpLimits _limits;
    private readonly string _hostName;
    private readonly IRecipientPolicy? _recipientPolicy;
    private static readonly string[] XClientNames = ["NAME", "ADDR", "PORT", "PROTO", "HELO", "LOGIN", "DESTADDR", "DESTPORT"];
    private static readonly string[] XForwardNames = ["NAME", "ADDR", "PORT", "PROTO", "HELO", "IDENT", "SOURCE"];
    private readonly List<string> _recipients = [];
    private readonly bool _mayForward;
    private readonly bool _offerTls;
    private int _commands;
    private bool _chunking;

    /// <param name="mayForward">The client may send XCLIENT and XFORWARD (its tcp.smtp rule says so); they are advertised then.</param>
    /// <param name="commandsSoFar">Commands already counted in this connection (a session restarted by XCLIENT keeps its count).</param>
    /// <param name="offerTls">STARTTLS is offered (a certificate is configured and the connection is not TLS yet).</param>
    public SmtpSession(SmtpLimits limits, string hostName, IRecipientPolicy? recipientPolicy = null, bool mayForward = false, int commandsSoFar = 0, bool offerTls = false)
    {
        _offerTls = offerTls;
        _limits = limits;
        _hostName = hostName;
        _recipientPolicy = recipientPolicy;
        _mayForward = mayForward;
        _commands = commandsSoFar;
    }

    public int Commands => _commands;

    /// <summary>What the last XCLIENT said about the real client (the connection then starts a new session as that client).</summary>
    public ForwardedClient? XClient { get; private set; }

    /// <summary>What XFORWARD said about the client of the next transaction (for logging and the engine; reset when the transaction ends).</summary>
    public ForwardedClient? Forwarded { get; private set; }

    /// <summary>The name the client gave in HELO/EHLO; null before it.</summary>
    public string? Helo { get; private set; }

    public bool Extended { get; private set; }

    /// <summary>The open transaction's sender ("" for the null sender); null when none is open.</summary>
    public string? Sender { get; private set; }

    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>The size the client declared with MAIL FROM SIZE=, if any.</summary>
    public long? DeclaredSize { get; private set; }

    /// <summary>The greeting sent on connect.</summary>
    public SmtpReply Greeting => new(220, $"{_hostName} ESMTP Vigil");

    /// <summary>Handles one command line (without its CRLF).</summary>
    public SmtpStep Handle(string line)
    {
        if (++_commands > _limits.MaxCommands)
        {
            return new(new SmtpReply(421, "4.7.0 Too many commands, closing"), SmtpAction.Close);
        }

        var space = line.IndexOf(' ');
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        return verb switch
        {
            "EHLO" => Hello(argument, extended: true),
            "HELO" => Hello(argument, extended: false),
            "MAIL" => Mail(argument),
            "RCPT" => Rcpt(argument),
            "DATA" => Data(argument),
            "BDAT" => Bdat(argument),
            "RSET" => Reset(),
            "XCLIENT" => XClientCommand(argument),
            "XFORWARD" => XForwardCommand(argument),
            "NOOP" => new(new SmtpReply(250, "2.0.0 Ok")),
            "QUIT" => new(new SmtpReply(221, "2.0.0 Bye"), SmtpAction.Close),
            "VRFY" => new(new SmtpReply(252, "2.5.2 Cannot VRFY user")),
            "HELP" => new(new SmtpReply(214, "2.0.0 See RFC 5321")),
            "STARTTLS" when _offerTls => StartTls(argument),
            "STARTTLS" or "AUTH" or "ETRN" or "TURN" or "EXPN" => new(new SmtpReply(502, "5.5.1 Command not implemented")),
            _ => new(new SmtpReply(500, "5.5.2 Command unrecognized")),
        };
    }

    /// <summary>Ends the transaction after DATA (whatever its reply was).</summary>
    public void EndTransaction()
    {
        Sender = null;
        DeclaredSize = null;
        Forwarded = null;
        _chunking = false;
        _recipients.Clear();
    }

    private SmtpStep StartTls(string argument)
    {
        if (argument.Length > 0)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: STARTTLS"));
        }

        if (Sender is not null)
        {
            return new(new SmtpReply(503, "5.5.1 Error: MAIL transaction in progress"));
        }

        return new(new SmtpReply(220, "2.0.0 Ready to start TLS"), SmtpAction.StartTls);
    }

    private SmtpStep XClientCommand(string argument)
    {
        if (!_mayForward)
        {
            return new(new SmtpReply(550, "5.7.0 Error: insufficient authorization"));
        }

        if (Sender is not null)
        {
            return new(new SmtpReply(503, "5.5.1 Error: MAIL transaction in progress"));
        }

        if (ForwardedClient.Parse(XClient, argument, XClientNames, out var error) is not { } client)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: XCLIENT attribute=value..., " + error));
        }

        XClient = client;
        return new(Greeting, SmtpAction.Restart);
    }

    private SmtpStep XForwardCommand(string argument)
    {
        if (!_mayForward)
        {
            return new(new SmtpReply(550, "5.7.0 Error: insufficient authorization"));
        }

        if (Sender is not null)
        {
            return new(new SmtpReply(503, "5.5.1 Error: MAIL transaction in progress"));
        }

        if (ForwardedClient.Parse(Forwarded, argument, XForwardNames, out var error) is not { } forwarded)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: XFORWARD attribute=value..., " + error));
        }

        Forwarded = forwarded;
        return new(new SmtpReply(250, "2.0.0 Ok"));
    }

    private SmtpStep Hello(string argument, bool extended)
    {
        if (argument.Length == 0)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname"));
        }

        EndTransaction();
        Helo = argument;
        Extended = extended;
        if (!extended)
        {
            return new(new SmtpReply(250, _hostName));
        }

        List<string> lines =
        [
            _hostName,
            "PIPELINING",
            $"SIZE {_limits.MaxMessageSize}",
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
            "CHUNKING",
        ];
        if (_offerTls)
        {
            lines.Add("STARTTLS");
        }

        if (_mayForward)
        {
            lines.Add("XCLIENT NAME ADDR PROTO HELO");
            lines.Add("XFORWARD NAME ADDR PROTO HELO SOURCE IDENT");
        }

        return new(new SmtpReply(250, lines));
    }

    private SmtpStep Mail(string argument)
    {
        if (Helo is null)
        {
            return new(new SmtpReply(503, "5.5.1 Send HELO/EHLO first"));
        }

        if (Sender is not null)
        {
            return new(new SmtpReply(503, "5.5.1 Nested MAIL command"));
        }

        if (!TryPath(argument, "FROM:", out var address, out var parameters))
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: MAIL FROM:<address>"));
        }

        long? size = null;
        foreach (var parameter in parameters)
        {
            var eq = parameter.IndexOf('=');
            var key = (eq < 0 ? parameter : parameter[..eq]).ToUpperInvariant();
            var value = eq < 0 ? "" : parameter[(eq + 1)..];
            switch (key)
            {
                case "SIZE":
                    if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var declared))
                    {
                        return new(new SmtpReply(501, "5.5.4 Bad SIZE parameter"));
                    }

                    if (declared > _limits.MaxMessageSize)
                    {
                        return new(new SmtpReply(552, "5.3.4 Message size exceeds fixed limit"));
                    }

                    size = declared;
                    break;
                case "BODY" when value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase):
                case "SMTPUTF8" when eq < 0:
                    break;
                default:
                    return new(new SmtpReply(555, "5.5.4 Unsupported MAIL parameter"));
            }
        }

        Sender = address;
        DeclaredSize = size;
        return new(new SmtpReply(250, "2.1.0 Ok"));
    }

    private SmtpStep Rcpt(string argument)
    {
        if (Sender is null)
        {
            return new(new SmtpReply(503, "5.5.1 Need MAIL before RCPT"));
        }

        if (!TryPath(argument, "TO:", out var address, out var parameters) || address.Length == 0)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: RCPT TO:<address>"));
        }

        if (parameters.Count > 0)
        {
            return new(new SmtpReply(555, "5.5.4 Unsupported RCPT parameter"));
        }

        if (_recipients.Count >= _limits.MaxRecipients)
        {
            return new(new SmtpReply(452, "4.5.3 Too many recipients"));
        }

        if (_recipientPolicy?.Check(address, _recipients) is { } refusal)
        {
            return new(refusal);
        }

        _recipients.Add(address);
        return new(new SmtpReply(250, "2.1.5 Ok"));
    }

    private SmtpStep Data(string argument)
    {
        if (argument.Length > 0)
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: DATA"));
        }

        if (Sender is null)
        {
            return new(new SmtpReply(503, "5.5.1 Need MAIL command"));
        }

        if (_recipients.Count == 0)
        {
            return new(new SmtpReply(554, "5.5.1 No valid recipients"));
        }

        if (_chunking)
        {
            // RFC 3030: DATA and BDAT are not mixed in one transaction; the client must RSET.
            return new(new SmtpReply(503, "5.5.1 DATA after BDAT in one transaction, send RSET"));
        }

        return new(new SmtpReply(354, "End data with <CR><LF>.<CR><LF>"), SmtpAction.ReceiveData);
    }

    /// <summary>
    /// `BDAT size [LAST]`: the chunk is read whatever the state (the octets follow the command at
    /// once); a size that cannot be read, or one larger than the whole message may be, cannot be
    /// skipped within our bounds: the connection is closed.
    /// </summary>
    private SmtpStep Bdat(string argument)
    {
        var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 1 or > 2 || words[0].Length > 18 || !long.TryParse(words[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || (words.Length == 2 && !words[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            return new(new SmtpReply(501, "5.5.4 Syntax: BDAT size [LAST], closing"), SmtpAction.Close);
        }

        if (size > _limits.MaxMessageSize)
        {
            return new(new SmtpReply(552, "5.3.4 Chunk exceeds the message size limit, closing"), SmtpAction.Close);
        }

        var last = words.Length == 2;
        SmtpReply? refusal = Sender is null ? new SmtpReply(503, "5.5.1 Need MAIL command")
            : _recipients.Count == 0 ? new SmtpReply(554, "5.5.1 No valid recipients")
            : null;
        if (refusal is null)
        {
            _chunking = true;
        }

        var received = new SmtpReply(250, $"2.0.0 {size.ToString(System.Globalization.CultureInfo.InvariantCulture)} octets received");
        return new(refusal ?? received, SmtpAction.ReceiveChunk, new BdatChunk(size, last, refusal));
    }

    private SmtpStep Reset()
    {
        EndTransaction();
        return new(new SmtpReply(250, "2.0.0 Ok"));
    }

    /// <summary>`FROM:<a@b> KEY=V ...`: the address between the angle brackets and the parameters after it.</summary>
    internal static bool TryPath(string argument, string prefix, out string address, out List<string> parameters)
    {
        address = "";
        parameters = [];
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[prefix.Length..].TrimStart();
        if (rest.Length == 0 || rest[0] != '<')
        {
            return false;
        }

        var close = rest.IndexOf('>');
        if (close < 0)
        {
            return false;
        }

        address = rest[1..close];
        // A source route (@a,@b:user@c) is ignored as RFC 5321 allows.
        if (address.StartsWith('@') && address.IndexOf(':') is var colon and > 0)
        {
            address = address[(colon + 1)..];
        }

        if (address.Any(c => c is ' ' or '<' or '>' || char.IsControl(c)))
        {
            return false;
        }

        parameters.AddRange(rest[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return true;
    }
}

using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;

namespace Vigil.Server.Milter;

/// <summary>
/// One milter connection from the MTA (Postfix's smtpd, Sendmail): option negotiation, then per
/// SMTP session connect, helo, and per message mail, rcpt, header, eoh, body and end-of-message,
/// with macros in between; abort drops the message, quit ends the connection. The message is
/// rebuilt from the header and body packets into a spool and judged once, at end-of-message, by
/// the engine's one entry point. Any packet that breaks the protocol (a lying length, a command
/// out of place, garbage) closes the connection: Postfix then applies milter_default_action
/// (tempfail, as the docs say to set it), so nothing unscanned passes.
/// </summary>
internal sealed class MilterSession
{
    private readonly MailGateway _gateway;
    private readonly MilterLimits _limits;
    private readonly ILogger _log;
    private readonly string _name;
    private readonly MilterPacketReader _reader;
    private readonly MilterPacketWriter _writer;
    private readonly Dictionary<string, string> _macros = new(StringComparer.Ordinal);
    private MilterNegotiation? _negotiation;
    private string? _clientName;
    private string? _clientIp;
    private string? _helo;
    private MilterMessage? _message;
    private bool _headersEnded;
    private readonly TcpQuickAck? _quickAck;

    public MilterSession(MailGateway gateway, MilterLimits limits, ILogger log, Stream input, Stream output, string name, TcpQuickAck? quickAck = null)
    {
        _quickAck = quickAck;
        _gateway = gateway;
        _limits = limits;
        _log = log;
        _name = name;
        _reader = new MilterPacketReader(input, limits.MaxPacketLength);
        _writer = new MilterPacketWriter(output);
    }

    /// <summary>Runs the connection to its end: quit, the MTA closing it, or a protocol error.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (true)
            {
                MilterPacket packet;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
                {
                    idle.CancelAfter(_limits.IdleTimeout);
                    try
                    {
                        packet = await _reader.ReadAsync(idle.Token).ConfigureAwait(false);
                        _quickAck?.AfterRead();
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        MilterLog.ProtocolError(_log, _name, "the MTA said nothing for " + _limits.IdleTimeout);
                        return;
                    }
                }

                switch (packet.Status)
                {
                    case MilterReadStatus.Closed:
                        return;
                    case MilterReadStatus.Truncated:
                        MilterLog.ProtocolError(_log, _name, "connection ended inside a packet");
                        return;
                    case MilterReadStatus.BadLength:
                        MilterLog.ProtocolError(_log, _name, $"packet length {packet.Length} (limit {_limits.MaxPacketLength})");
                        return;
                }

                if (await HandleAsync(packet, cancellation).ConfigureAwait(false) is { } problem)
                {
                    if (problem.Length > 0)
                    {
                        MilterLog.ProtocolError(_log, _name, problem);
                    }

                    return;
                }

                await _writer.FlushAsync(cancellation).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The MTA went away mid-write or mid-read: nothing was accepted by us, it retries.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MilterLog.InternalError(_log, _name, e);
        }
        finally
        {
            EndMessage();
        }
    }

    /// <summary>Handles one packet; null to go on, "" to end quietly (quit), else why the connection is closed.</summary>
    private async ValueTask<string?> HandleAsync(MilterPacket packet, CancellationToken cancellation)
    {
        if (packet.Command == MilterCommand.OptionNegotiation)
        {
            _negotiation = MilterNegotiation.Answer(packet.Data.Span);
            if (_negotiation is not { } answer)
            {
                return "option negotiation offered nothing we speak (version 2 or later)";
            }

            _writer.Add(MilterResponse.OptionNegotiation, answer.Encode());
            return null;
        }

        if (_negotiation is not { } negotiation)
        {
            return $"command 0x{packet.Command:x2} before option negotiation";
        }

        switch (packet.Command)
        {
            case MilterCommand.Macro:
                KeepMacros(packet.Data);
                return null;
            case MilterCommand.Connect:
                EndMessage();
                ReadConnect(packet.Data);
                Continue(negotiation, MilterProtocolOptions.NoReplyToConnect);
                return null;
            case MilterCommand.Helo:
                _helo = MilterFields.Split(packet.Data, 1) is [var helo] ? MilterFields.Text(helo) : null;
                Continue(negotiation, MilterProtocolOptions.NoReplyToHelo);
                return null;
            case MilterCommand.Mail:
                StartMessage(packet.Data);
                Continue(negotiation, MilterProtocolOptions.NoReplyToMail);
                return null;
            case MilterCommand.Recipient:
                return AddRecipient(packet.Data, negotiation);
            case MilterCommand.Data:
                Continue(negotiation, MilterProtocolOptions.NoReplyToData);
                return null;
            case MilterCommand.Unknown:
                Continue(negotiation, MilterProtocolOptions.NoReplyToUnknown);
                return null;
            case MilterCommand.Header:
                return AddHeader(packet.Data, negotiation);
            case MilterCommand.EndOfHeaders:
                if (_message is null)
                {
                    return "end of headers outside a message";
                }

                EndHeaders();
                Continue(negotiation, MilterProtocolOptions.NoReplyToEndOfHeaders);
                return null;
            case MilterCommand.Body:
                if (_message is null)
                {
                    return "body outside a message";
                }

                EndHeaders();
                _message.AddBody(packet.Data.Span);
                Continue(negotiation, MilterProtocolOptions.NoReplyToBody);
                return null;
            case MilterCommand.EndOfMessage:
                if (_message is null)
                {
                    return "end of message outside a message";
                }

                EndHeaders();
                _message.AddBody(packet.Data.Span);
                await JudgeAsync(negotiation, cancellation).ConfigureAwait(false);
                return null;
            case MilterCommand.Abort:
                // The SMTP client gave up (RSET, a refused RCPT, a lost connection): no reply.
                EndMessage();
                return null;
            case MilterCommand.QuitNewConnection:
                // The MTA reuses this connection for its next SMTP session: no reply.
                EndMessage();
                _macros.Clear();
                _clientName = _clientIp = _helo = null;
                return null;
            case MilterCommand.Quit:
                return "";
            default:
                return $"unknown command 0x{packet.Command:x2}";
        }
    }

    private void Continue(MilterNegotiation negotiation, MilterProtocolOptions noReply)
    {
        if (!negotiation.Has(noReply))
        {
            _writer.Add(MilterResponse.Continue);
        }
    }

    private void KeepMacros(ReadOnlyMemory<byte> data)
    {
        // The first byte says which command the macros belong to; name/value pairs follow.
        if (data.Length == 0)
        {
            return;
        }

        var fields = MilterFields.Split(data[1..], 2 * _limits.MaxMacros);
        for (var i = 0; i + 1 < fields.Count; i += 2)
        {
            var name = MilterFields.Text(fields[i]).Trim('{', '}');
            if (_macros.Count < _limits.MaxMacros || _macros.ContainsKey(name))
            {
                _macros[name] = MilterFields.Text(fields[i + 1]);
            }
        }
    }

    private void ReadConnect(ReadOnlyMemory<byte> data)
    {
        // host NUL, family ('4', '6', 'L' unix, 'U' unknown), then for 4/6/L a port and the address.
        var end = data.Span.IndexOf((byte)0);
        _clientName = MilterFields.Text(end < 0 ? data : data[..end]);
        _clientIp = null;
        var rest = end < 0 ? ReadOnlyMemory<byte>.Empty : data[(end + 1)..];
        if (rest.Length >= 3 && rest.Span[0] is (byte)'4' or (byte)'6')
        {
            _ = BinaryPrimitives.ReadUInt16BigEndian(rest.Span[1..]);
            _clientIp = MilterFields.Split(rest[3..], 1) is [var address] ? MilterFields.Text(address) : null;
        }
    }

    private void StartMessage(ReadOnlyMemory<byte> data)
    {
        EndMessage();
        // The sender's path, then its ESMTP parameters (SIZE=, BODY=...).
        var sender = MilterFields.Split(data, 1) is [var path] ? MilterFields.Address(path) : "";
        _message = new MilterMessage(_gateway.NewSpool(), sender, _limits.MaxMessageBytes);
        _headersEnded = false;
    }

    private string? AddRecipient(ReadOnlyMemory<byte> data, MilterNegotiation negotiation)
    {
        if (_message is null)
        {
            return "recipient outside a message";
        }

        if (_message.Recipients.Count >= _limits.MaxRecipients)
        {
            MilterOutcomeReply.WriteRefusal(_writer, new Refusal(false, "4.5.3", "Too many recipients"));
            return null;
        }

        if (MilterFields.Split(data, 1) is [var path])
        {
            _message.Recipients.Add(MilterFields.Address(path));
        }

        Continue(negotiation, MilterProtocolOptions.NoReplyToRecipient);
        return null;
    }

    private string? AddHeader(ReadOnlyMemory<byte> data, MilterNegotiation negotiation)
    {
        if (_message is null)
        {
            return "header outside a message";
        }

        var fields = MilterFields.Split(data, 2);
        if (fields.Count < 1 || fields[0].Length == 0)
        {
            return "header without a name";
        }

        _message.AddHeader(fields[0], fields.Count > 1 ? fields[1] : ReadOnlyMemory<byte>.Empty, negotiation.Has(MilterProtocolOptions.HeaderLeadingSpace));
        Continue(negotiation, MilterProtocolOptions.NoReplyToHeader);
        return null;
    }

    private void EndHeaders()
    {
        if (!_headersEnded)
        {
            _message?.EndHeaders();
            _headersEnded = true;
        }
    }

    private async Task JudgeAsync(MilterNegotiation negotiation, CancellationToken cancellation)
    {
        var message = _message!;
        var queueId = _macros.GetValueOrDefault("i") ?? "-";
        if (message.TooBig)
        {
            MilterOutcomeReply.WriteRefusal(_writer, new Refusal(true, "5.3.4", "Message too big for Vigil"));
            MilterLog.Answered(_log, _name, queueId, message.Sender, message.Recipients.Count, "reject", "too-big");
            EndMessage();
            return;
        }

        var envelope = new Envelope(message.Sender, [.. message.Recipients])
        {
            ClientIp = _clientIp,
            ClientName = _clientName,
            Helo = _helo,
            // Postfix names an authenticated client ({auth_authen}): such a client relays through us.
            RelayClient = _macros.TryGetValue("auth_authen", out var user) && user.Length > 0 ? true : null,
            Door = "milter",
        };

        if (message.SpoolFailed)
        {
            MilterOutcomeReply.WriteRefusal(_writer, RefusalText.OwnTrouble);
            MilterLog.Answered(_log, _name, queueId, message.Sender, message.Recipients.Count, "tempfail", "spool-error");
            EndMessage();
            return;
        }

        using (var outcome = await JudgeWithProgressAsync(message, envelope, cancellation).ConfigureAwait(false))
        {
            if (outcome.Detail.Length > 0)
            {
                MilterLog.OutcomeDetail(_log, _name, outcome.Detail);
            }

            var reply = MilterOutcomeReply.Write(_writer, outcome, negotiation, message.HeaderCounts);
            MilterLog.Answered(_log, _name, queueId, message.Sender, message.Recipients.Count, reply, outcome.Reason);
        }

        EndMessage();
    }

    /// <summary>
    /// The engine's verdict; while it takes long (a slow scanner, a big archive) the MTA is told
    /// every <see cref="MilterLimits.ProgressInterval"/> that we are still at it (SMFIR_PROGRESS),
    /// so that its own timeout (Postfix's milter_content_timeout) does not fire first.
    /// </summary>
    private async Task<GatewayOutcome> JudgeWithProgressAsync(MilterMessage message, Envelope envelope, CancellationToken cancellation)
    {
        var judging = _gateway.ProcessAsync(message.Spool, envelope, DoorContext.Silent, cancellation);
        while (await Task.WhenAny(judging, Task.Delay(_limits.ProgressInterval, cancellation)).ConfigureAwait(false) != judging)
        {
            _writer.Add(MilterResponse.Progress);
            await _writer.FlushAsync(cancellation).ConfigureAwait(false);
        }

        return await judging.ConfigureAwait(false);
    }

    private void EndMessage()
    {
        _message?.Dispose();
        _message = null;
    }
}

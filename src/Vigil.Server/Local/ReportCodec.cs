using Vigil.Engine.Gateway;

namespace Vigil.Server.Local;

/// <summary>The store's <see cref="OutcomeReport"/> in a reply, so the door records the row itself exactly as when it judges in-process.</summary>
internal static class ReportCodec
{
    public static void Write(FrameWriter w, OutcomeReport r)
    {
        w.Int64(r.Time.UtcTicks);
        w.String(r.Door);
        w.String(r.Node);
        w.String(r.Verdict);
        w.Byte((byte)r.Outcome);
        w.Int32(r.Findings.Count);
        foreach (var f in r.Findings)
        {
            w.String(f.Category);
            w.String(f.Rule);
            w.String(f.Detail);
            w.String(f.Part);
            w.String(f.Action);
        }

        w.Int64(r.Size);
        w.Int64(r.Elapsed.Ticks);
        w.NullableString(r.Sender);
        w.Strings(r.Recipients);
        w.NullableString(r.ClientIp);
        w.NullableBool(r.RelayClient);
        w.NullableString(r.Helo);
        w.NullableString(r.Subject);
        w.NullableString(r.MessageId);
        w.Int32(r.Attachments.Count);
        foreach (var a in r.Attachments)
        {
            w.String(a.Name);
            w.NullableString(a.DeclaredType);
            w.NullableString(a.DetectedType);
            w.Int64(a.Size);
        }

        w.NullableString(r.QuarantineId);
        w.NullableString(r.QuarantineFolder);
        w.NullableString(r.LogLine);
    }

    public static OutcomeReport Read(FrameReader r)
    {
        var time = Ticks(r.Int64());
        var door = r.String();
        var node = r.String();
        var verdict = r.String();
        var outcome = Outcome(r.Byte());
        var findings = new List<ReportedFinding>(r.Count(20));
        for (var i = findings.Capacity; i > 0; i--)
        {
            findings.Add(new ReportedFinding(r.String(), r.String(), r.String(), r.String(), r.String()));
        }

        var size = r.Int64();
        var elapsed = r.Int64();
        var sender = r.NullableString();
        var recipients = r.Strings();
        var clientIp = r.NullableString();
        var relay = r.NullableBool();
        var helo = r.NullableString();
        var subject = r.NullableString();
        var messageId = r.NullableString();
        var attachments = new List<ReportedAttachment>(r.Count(14));
        for (var i = attachments.Capacity; i > 0; i--)
        {
            attachments.Add(new ReportedAttachment(r.String(), r.NullableString(), r.NullableString(), r.Int64()));
        }

        return new OutcomeReport
        {
            Time = time,
            Door = door,
            Node = node,
            Verdict = verdict,
            Outcome = outcome,
            Findings = findings,
            Size = size,
            Elapsed = elapsed < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(elapsed),
            Sender = sender,
            Recipients = recipients,
            ClientIp = clientIp,
            RelayClient = relay,
            Helo = helo,
            Subject = subject,
            MessageId = messageId,
            Attachments = attachments,
            QuarantineId = r.NullableString(),
            QuarantineFolder = r.NullableString(),
            LogLine = r.NullableString(),
        };
    }

    public static OutcomeKind Outcome(byte b) =>
        b <= (byte)OutcomeKind.Deferred ? (OutcomeKind)b : throw new FrameFormatException($"an outcome of {b}");

    private static DateTimeOffset Ticks(long ticks) =>
        ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new FrameFormatException("a time out of range");
}

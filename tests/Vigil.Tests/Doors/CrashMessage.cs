using System.Text;

namespace Vigil.Tests.Doors;

/// <summary>What a crash-test message is: clean mail goes to qmail-queue, a banned attachment to the quarantine.</summary>
internal enum CrashMessageKind
{
    CleanSmall,
    CleanLarge,
    PolicySmall,
    PolicyLarge,
}

/// <summary>
/// One message of the crash test, written once to <see cref="MessageFile"/> and
/// <see cref="EnvelopeFile"/> (what qmail-smtpd would have on fd 0 and fd 1). Every message is
/// different (its index is in the headers and the body is seeded random text), so a stored copy
/// can be matched to exactly one input. Large ones (1 to 3 MB) make the quarantine write and
/// the hand-off to qmail-queue long enough for a kill to land inside them.
/// </summary>
internal sealed class CrashMessage
{
    private const string Words = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango";

    private CrashMessage(int index, CrashMessageKind kind, byte[] bytes, string sender, string recipient)
    {
        Index = index;
        Kind = kind;
        Bytes = bytes;
        Sender = sender;
        Recipient = recipient;
        Envelope = QueueDoor.Envelope(sender, recipient);
    }

    public int Index { get; }

    public CrashMessageKind Kind { get; }

    public bool IsClean => Kind is CrashMessageKind.CleanSmall or CrashMessageKind.CleanLarge;

    public bool IsLarge => Kind is CrashMessageKind.CleanLarge or CrashMessageKind.PolicyLarge;

    public byte[] Bytes { get; }

    public byte[] Envelope { get; }

    public string Sender { get; }

    public string Recipient { get; }

    public string MessageFile { get; private set; } = "";

    public string EnvelopeFile { get; private set; } = "";

    public static CrashMessage Create(int index, CrashMessageKind kind, Random random)
    {
        var sender = $"sender{index}@example.org";
        var recipient = $"rcpt{index}@example.net";
        // Some messages as qmail stores them (LF), some as an SMTP dump (CRLF): both must survive.
        var nl = random.Next(4) == 0 ? "\r\n" : "\n";
        var bodyBytes = kind switch
        {
            CrashMessageKind.CleanLarge or CrashMessageKind.PolicyLarge => random.Next(1_000_000, 3_000_000),
            _ => random.Next(500, 20_000),
        };
        var text = new StringBuilder(bodyBytes + 1024);
        text.Append("From: ").Append(sender).Append(nl)
            .Append("To: ").Append(recipient).Append(nl)
            .Append("Subject: crash test ").Append(index).Append(nl)
            .Append("Message-ID: <").Append(index).Append(".crash@example.org>").Append(nl);
        if (kind is CrashMessageKind.PolicySmall or CrashMessageKind.PolicyLarge)
        {
            text.Append("MIME-Version: 1.0").Append(nl)
                .Append("Content-Type: multipart/mixed; boundary=b").Append(nl).Append(nl)
                .Append("--b").Append(nl).Append("Content-Type: text/plain").Append(nl).Append(nl);
            AppendText(text, bodyBytes, nl, random);
            // The banned attachment comes last, so the scanner has to read the whole message.
            text.Append("--b").Append(nl)
                .Append("Content-Type: application/octet-stream; name=\"update").Append(index).Append(".exe\"").Append(nl)
                .Append("Content-Transfer-Encoding: base64").Append(nl).Append(nl)
                .Append("aGVsbG8=").Append(nl).Append("--b--").Append(nl);
        }
        else
        {
            text.Append(nl);
            AppendText(text, bodyBytes, nl, random);
        }

        return new CrashMessage(index, kind, Encoding.ASCII.GetBytes(text.ToString()), sender, recipient);
    }

    public void WriteTo(string directory)
    {
        MessageFile = Path.Combine(directory, $"message-{Index}");
        EnvelopeFile = Path.Combine(directory, $"envelope-{Index}");
        File.WriteAllBytes(MessageFile, Bytes);
        File.WriteAllBytes(EnvelopeFile, Envelope);
    }

    public override string ToString() => $"#{Index} {Kind} ({Bytes.Length} bytes)";

    private static void AppendText(StringBuilder text, int bytes, string nl, Random random)
    {
        var words = Words.Split(' ');
        var start = text.Length;
        var line = 0;
        while (text.Length - start < bytes)
        {
            text.Append(words[random.Next(words.Length)]);
            if (++line % 11 == 0)
            {
                text.Append(nl);
            }
            else
            {
                text.Append(' ');
            }
        }

        text.Append(nl);
    }
}

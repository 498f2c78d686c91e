using System.Text;

namespace Vigil.Tests.Doors;

/// <summary>
/// Attachment names are data. Through the real `vigil queue` (a banned .exe, so the message is
/// quarantined and the sender and a guard are told), names with CR/LF, NUL, `../`, shell
/// metacharacters, an RTL override and 10,000 characters must not add a header or a part to a
/// notice, must not make a file outside the private directories (quarantine, scratch) or run a
/// command, and reach the log line escaped (one line, no control characters).
/// </summary>
public sealed class HostileAttachmentNameTests
{
    private const string Sender = "alice@example.org";
    private const string Recipient = "bob@example.net";
    private const string Guard = "bm-guard@gateway.example";

    /// <summary>A token each name carries, so any file or header it produced can be found.</summary>
    private static readonly string Marker = "vigil-escape-" + Guid.NewGuid().ToString("N")[..12];

    public static TheoryData<string> Names() =>
    [
        "crlf",
        "crlf-encoded-word",
        "nul",
        "dot-dot-slash",
        "dot-dot-backslash",
        "absolute",
        "shell",
        "rtl-override",
        "ten-thousand",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task AHostileNameStaysData(string kind)
    {
        await using var sink = new NotificationSink();
        using var door = new QueueDoor();
        var log = Path.Combine(door.Dir, "mail.log");
        var scratch = Path.Combine(door.Dir, "scratch");
        Directory.CreateDirectory(scratch);
        door.WriteOptions(sink.NotifyVia + $"log=file:{log}\n");
        door.WriteControl("bmguards", Guard + "\n");
        door.WriteControl("me", "gateway.example\n");

        var (exit, stderr) = door.Run(Message(kind), QueueDoor.Envelope(Sender, Recipient), environment: new Dictionary<string, string> { ["TMPDIR"] = scratch });

        Assert.True(exit == 0, stderr);
        Assert.False(door.StandInCalled, "a banned .exe went on to qmail-queue");
        Assert.Single(door.QuarantinedFiles("policy"));
        AssertNoFileOutsideThePrivateDirectories(door, scratch, log);
        AssertNoticesAreWellFormed(sink);
        AssertTheLogLineIsEscaped(log, stderr);
    }

    /// <summary>The attachment's name as each case spells it, before any header encoding.</summary>
    private static string Name(string kind) => kind switch
    {
        "crlf" or "crlf-encoded-word" => $"report.txt\r\nX-Injected: {Marker}\r\nBcc: victim@elsewhere.example\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<b>{Marker}.exe",
        "nul" => $"{Marker}.txt\0.exe",
        "dot-dot-slash" => $"../../../../../../../../../tmp/{Marker}.exe",
        "dot-dot-backslash" => $"..\\..\\..\\..\\{Marker}.exe",
        "absolute" => $"/tmp/{Marker}.exe",
        "shell" => $"$(touch /tmp/{Marker});`touch /tmp/{Marker}`|touch /tmp/{Marker}&'\"*?>/tmp/{Marker}.exe",
        "rtl-override" => $"{Marker}-invoice\u202Egpj.exe",
        _ => Marker + new string('a', 10_000) + ".exe",
    };

    private static byte[] Message(string kind)
    {
        var name = Name(kind);
        var disposition = kind == "crlf-encoded-word"
            ? $"attachment; filename=\"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(name))}?=\""
            : "attachment; filename*=utf-8''" + Rfc2231(name);
        return Encoding.UTF8.GetBytes(
            $"From: {Sender}\r\nTo: {Recipient}\r\nSubject: invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
            $"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: {disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n");
    }

    /// <summary>RFC 2231 percent-encoding of every byte outside letters, digits and a few marks.</summary>
    private static string Rfc2231(string name)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static void AssertNoFileOutsideThePrivateDirectories(QueueDoor door, string scratch, string log)
    {
        Assert.False(File.Exists(Path.Combine("/tmp", Marker)), "a shell word of the name ran");
        Assert.False(File.Exists(Path.Combine("/tmp", Marker + ".exe")), "the name was used as a path");
        Assert.Empty(Directory.EnumerateFileSystemEntries("/tmp", Marker + "*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(door.Dir)!, Marker + "*"));

        string[] allowed = [door.Quarantine, door.Control, scratch];
        foreach (var file in Directory.EnumerateFiles(door.Dir, "*", SearchOption.AllDirectories))
        {
            var inside = allowed.Any(dir => file.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                || file == log || Path.GetDirectoryName(file) == door.Dir;
            Assert.True(inside, $"a file outside the private directories: {file}");
            Assert.DoesNotContain(Marker, Path.GetFileName(file), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    private static void AssertNoticesAreWellFormed(NotificationSink sink)
    {
        var mails = sink.Mails;
        Assert.Equal(new[] { Guard, Sender }.Order(StringComparer.Ordinal), mails.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
        // The name is in each notice (quoted-printable's soft line breaks undone), in some escaped form.
        Assert.All(mails, m => Assert.Contains(Marker, m.Data.Replace("=\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal));
        foreach (var mail in mails)
        {
            var lines = mail.Data.Split("\r\n");
            Assert.DoesNotContain(lines, l => l.StartsWith("X-Injected", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(lines, l => l.Contains('\r') || l.Contains('\n') || l.Contains('\0'));
            Assert.All(lines, l => Assert.True(l.Length <= 998, $"a line of {l.Length} characters"));
            Assert.DoesNotContain(lines, l => l.Contains("Content-Type: text/html", StringComparison.OrdinalIgnoreCase));

            // The notice's own structure: one header block, and every part's boundary the one it declared.
            var head = mail.HeaderLines;
            Assert.Single(head, h => h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
            Assert.Single(head, h => h.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
            if (mail.Header("Content-Type") is { } type && type.Contains("multipart", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = type[(type.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase) + 9)..].Trim('"', ' ');
                Assert.Contains("--" + boundary + "--", lines);
                Assert.DoesNotContain(lines, l => l.StartsWith("--b", StringComparison.Ordinal) && !l.StartsWith("--" + boundary, StringComparison.Ordinal) && boundary != "b");
            }
        }
    }

    private static void AssertTheLogLineIsEscaped(string log, string stderr)
    {
        var line = Assert.Single(File.ReadAllLines(log));
        Assert.Contains(Marker, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u202E', line);
        Assert.DoesNotContain('\u202E', stderr);
        Assert.DoesNotContain('\0', stderr);
        Assert.DoesNotContain(stderr.Split('\n'), l => l.StartsWith("X-Injected", StringComparison.Ordinal) || l.StartsWith("Bcc", StringComparison.Ordinal));
    }
}

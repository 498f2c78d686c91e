using Vigil.Engine.Scanners.Command;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Hands a notification to a local injection program, message on stdin, arguments passed one by
/// one (no shell). For a program named <c>qmail-inject</c> the arguments are
/// <c>-f "" -a &lt;rcpt&gt;</c> (null envelope sender; recipients from the arguments, not the headers);
/// for anything else the sendmail interface <c>-i -f &lt;&gt; -- &lt;rcpt&gt;</c>. Exit 0 is success;
/// qmail's temporary codes (and sendmail's EX_TEMPFAIL 75, and a timeout) are temporary failures,
/// other codes permanent.
/// </summary>
public sealed class SendmailNotificationSender : INotificationSender
{
    private readonly string _program;

    public SendmailNotificationSender(string program)
    {
        _program = program;
    }

    /// <summary>Time the program may take; it is killed after that.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Program => _program;

    /// <summary>Variables set for the program (e.g. QMAILQUEUE for qmail-inject); the rest is inherited.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public bool IsQmailInject => Path.GetFileName(_program).Equals("qmail-inject", StringComparison.Ordinal);

    /// <summary>The arguments for one recipient (the recipient is already checked to be a plain address).</summary>
    public IReadOnlyList<string> ArgumentsFor(string recipient) => ArgumentsFor("", [recipient]);

    /// <summary>The arguments for an envelope; "" is the null sender. The addresses are already checked.</summary>
    public IReadOnlyList<string> ArgumentsFor(string envelopeSender, IReadOnlyList<string> recipients)
    {
        List<string> args = IsQmailInject ? ["-f", envelopeSender, "-a"] : ["-i", "-f", envelopeSender.Length == 0 ? "<>" : envelopeSender, "--"];
        args.AddRange(recipients);
        return args;
    }

    public Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation) =>
        SendAsync(notification.EnvelopeSender, [notification.Recipient], notification.Message, cancellation);

    public async Task<SendResult> SendAsync(string envelopeSender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellation)
    {
        // Checked again here: an address starting with '-' would be read as an option.
        if (envelopeSender.Length > 0 && !MailAddressText.IsSafe(envelopeSender))
        {
            return SendResult.Permanent("envelope sender is not a plain address");
        }

        if (recipients.Count == 0)
        {
            return SendResult.Permanent("no recipients");
        }

        foreach (var recipient in recipients)
        {
            if (!MailAddressText.IsSafe(recipient))
            {
                return SendResult.Permanent("recipient is not a plain address: " + MailAddressText.ForDisplay(recipient));
            }
        }

        var spec = new ProcessSpec(_program, ArgumentsFor(envelopeSender, recipients), Timeout, Environment, OutputLimit: 8 * 1024);
        using var input = new MemoryStream(message.ToArray(), writable: false);
        var run = await ProcessRunner.RunAsync(spec, input, cancellation).ConfigureAwait(false);
        return run.Status switch
        {
            ProcessRunStatus.FailedToStart => SendResult.Permanent(run.Problem),
            ProcessRunStatus.TimedOut => SendResult.Temporary(run.Problem),
            _ when run.ExitCode == 0 => SendResult.Sent($"{Path.GetFileName(_program)} exited 0"),
            _ when IsTemporary(run.ExitCode) => SendResult.Temporary($"{Path.GetFileName(_program)} exited {run.ExitCode}: {run.FirstLine}"),
            _ => SendResult.Permanent($"{Path.GetFileName(_program)} exited {run.ExitCode}: {run.FirstLine}"),
        };
    }

    /// <summary>qmail-inject exits 111 on temporary trouble (100 permanent); sendmail uses 75 (EX_TEMPFAIL).</summary>
    private static bool IsTemporary(int exitCode) => exitCode is 111 or 75 or -1;
}

using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// Releases a quarantined message over SMTP (`reinject=smtp:host[:port]`), for gateways whose
/// mail system is reached by network rather than by a local qmail-inject or sendmail. The message
/// is read into memory for the SMTP DATA phase, so it is capped; a larger one is refused with the
/// reason (release it through qmail-inject or sendmail instead).
/// </summary>
public sealed class SmtpReinjector(string host, int port) : IReinjector
{
    public const long MaxMessageBytes = 64L * 1024 * 1024;

    private readonly SmtpNotificationSender _smtp = new(host, port) { Timeout = TimeSpan.FromMinutes(2) };

    public string Target => $"smtp:{host}:{port}";

    public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await message.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxMessageBytes)
            {
                return new ReinjectResult(false, -1, $"{Target}: the message is larger than {MaxMessageBytes / (1024 * 1024)} MB; release it through qmail-inject or sendmail");
            }

            buffer.Write(chunk, 0, n);
        }

        var sent = await _smtp.SendAsync(sender, recipients, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        return sent.IsSent
            ? new ReinjectResult(true, 0, "")
            : new ReinjectResult(false, -1, $"{Target}: {sent.Detail}");
    }
}

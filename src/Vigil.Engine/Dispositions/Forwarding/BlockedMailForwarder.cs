using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Forwarding;

/// <summary>
/// Sends a copy of a blocked message to the `vmforward` (virus) or `bmforward` (bad mail)
/// addresses through the notification transport, with the null envelope sender so the copy can
/// never bounce back into a loop. Spam, clean and `error` verdicts are never forwarded. Every
/// failure is a result: the caller has already made the message safe, and a lost copy must not
/// change what happens to it.
/// </summary>
public sealed class BlockedMailForwarder
{
    private readonly ForwardSettings _settings;
    private readonly INotificationSender _transport;
    private readonly string _from;
    private readonly string _hostName;
    private readonly TimeProvider _clock;

    /// <param name="from">The From address of the forwards (respmail).</param>
    /// <param name="hostName">This host's name, for Message-IDs.</param>
    public BlockedMailForwarder(ForwardSettings settings, INotificationSender transport, string from, string hostName, TimeProvider? clock = null)
    {
        _settings = settings;
        _transport = transport;
        _from = from;
        _hostName = hostName;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The list that applies to a verdict, or null when that verdict is not forwarded.</summary>
    public (string List, IReadOnlyList<string> Addresses)? TargetsFor(VerdictKind verdict) => NotificationPlanner.KindOf(verdict) switch
    {
        NotificationKind.Virus when _settings.ForwardVirusMail && _settings.VirusAddresses.Count > 0 => (ForwardSettings.VirusFile, _settings.VirusAddresses),
        NotificationKind.Policy when _settings.ForwardBadMail && _settings.BadMailAddresses.Count > 0 => (ForwardSettings.BadMailFile, _settings.BadMailAddresses),
        _ => null,
    };

    /// <param name="openRaw">Opens the original message from its start (called at most once).</param>
    public async Task<ForwardResult> ForwardAsync(Judgement result, Envelope envelope, Func<Stream> openRaw, CancellationToken cancellation)
    {
        if (TargetsFor(result.Verdict.Kind) is not var (list, addresses))
        {
            return ForwardResult.None;
        }

        if (result.Analysis is { } analysis && MessageHeaders.Get(analysis.Root.Headers, ForwardMessage.MarkerHeader) is not null)
        {
            return new ForwardResult(list, addresses, null, "the message is itself a Vigil forward (loop guard)");
        }

        byte[]? original;
        try
        {
            using var raw = openRaw();
            original = ReadAtMost(raw, _settings.MaxSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            return new ForwardResult(list, addresses, SendResult.Temporary("cannot read the message: " + e.Message), "");
        }

        if (original is null)
        {
            return new ForwardResult(list, addresses, null, $"larger than {ForwardSettings.MaxSizeKey} ({_settings.MaxSize} bytes); kept in the quarantine only");
        }

        var now = _clock.GetUtcNow();
        var values = TemplateValues.From(result, envelope, _from, now);
        var message = ForwardMessage.Build(values, original, _from, addresses, list, _hostName, now);
        try
        {
            return new ForwardResult(list, addresses, await _transport.SendAsync("", addresses, message, cancellation).ConfigureAwait(false), "");
        }
        catch (OperationCanceledException)
        {
            return new ForwardResult(list, addresses, SendResult.Temporary("not sent: the time for notifications was spent"), "");
        }
    }

    /// <summary>The whole stream, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static byte[]? ReadAtMost(Stream raw, long max)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = raw.Read(buffer)) > 0)
        {
            if (copy.Length + n > max)
            {
                return null;
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }
}

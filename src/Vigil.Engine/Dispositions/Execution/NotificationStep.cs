using System.Globalization;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Execution;

/// <summary>
/// The executor's step after the message is safe: tells the people `notify=` names and forwards a
/// copy to `vmforward`/`bmforward`, all through the `notifyvia=` transport, within one deadline
/// (`notifytimeout=` seconds, 30 by default) so a dead or slow MTA cannot hold the door. Only
/// blocked mail is reported (quarantined, dropped or rejected); delivered mail is not, and
/// deferred mail is not either, because it comes back and would be reported at every retry.
/// Nothing here throws or changes the message's outcome: each failure is written to the error
/// writer and recorded in the result.
/// </summary>
public sealed class NotificationStep
{
    public const string TimeoutKey = "notifytimeout";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly NotificationDispatcher _notifier;
    private readonly BlockedMailForwarder _forwarder;
    private readonly TextWriter? _errors;

    /// <param name="errors">Where failures are reported (a door's stderr); nowhere when null.</param>
    public NotificationStep(NotificationDispatcher notifier, BlockedMailForwarder forwarder, TextWriter? errors = null, TimeSpan? timeout = null)
    {
        _notifier = notifier;
        _forwarder = forwarder;
        _errors = errors;
        Timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The deadline for all notifications and the forward of one message together.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The step as a control directory configures it; mistakes go to <paramref name="report"/>, never thrown.</summary>
    public static NotificationStep Load(ControlLayers layers, PolicyOptions options, ConfigReport report, TextWriter? errors = null)
    {
        var settings = NotificationSettings.Load(layers, options, report);
        var transport = NotificationTransport.FromOptions(options, report);
        var forward = ForwardSettings.Load(layers, options, report);
        var timeout = DefaultTimeout;
        if (options.Get(TimeoutKey) is { Length: > 0 } text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                report.Warning(ControlFileNames.Options, $"{TimeoutKey}: '{HeaderText.Sanitize(text, 40)}' is not a number of seconds (1-3600); using 30");
            }
        }

        return new NotificationStep(
            new NotificationDispatcher(settings, transport),
            new BlockedMailForwarder(forward, transport, settings.RespMail, settings.HostName, settings.Clock),
            errors,
            timeout);
    }

    /// <summary>Reports the message whose outcome is settled; <paramref name="openRaw"/> opens the original from its start.</summary>
    public async Task<NotificationStepResult> RunAsync(Judgement result, Envelope envelope, DispositionOutcome outcome, Func<Stream> openRaw, CancellationToken cancellationToken)
    {
        if (outcome is not (DispositionOutcome.Quarantined or DispositionOutcome.Drop or DispositionOutcome.Reject))
        {
            return NotificationStepResult.None;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        NotificationReport notifications;
        ForwardResult forward;
        try
        {
            notifications = await _notifier.DispatchAsync(result, envelope, outcome == DispositionOutcome.Reject, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug in planning or a template must not cost the message; say so and go on.
            Report(envelope, $"notifications failed: {e.GetType().Name}: {e.Message}");
            notifications = NotificationReport.Empty;
        }

        try
        {
            forward = await _forwarder.ForwardAsync(result, envelope, openRaw, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Report(envelope, $"forward failed: {e.GetType().Name}: {e.Message}");
            forward = ForwardResult.None;
        }

        foreach (var failed in notifications.Failed)
        {
            Report(envelope, $"notification to {failed.Recipient} ({failed.Audience.ToString().ToLowerInvariant()}) not sent: {HeaderText.Sanitize(failed.Result.Detail)}");
        }

        if (forward.IsFailed)
        {
            Report(envelope, $"copy for {forward.List} not sent: {HeaderText.Sanitize(forward.Result!.Detail)}");
        }

        return new NotificationStepResult(notifications, forward);
    }

    private void Report(Envelope envelope, string text)
    {
        try
        {
            _errors?.WriteLine($"vigil {envelope.Door}: {text}");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // stderr gone: the result still carries the failure.
        }
    }
}

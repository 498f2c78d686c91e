using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Dispositions.Tagging;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Dispositions.Execution;

/// <summary>
/// Carries out the verdict of one message for a door: plans the action, does the side effects
/// first (the message written durably into the quarantine's new/, the message log line), and only
/// then tells the door what to answer. A side effect that fails turns the answer into Defer: the
/// sender retries, so a message is never accepted and then lost, nor delivered unchecked.
/// A log line that cannot be written does not defer: the writers report it rather than throw, and
/// the quarantine store itself keeps a message whose quarantine.log line failed.
/// </summary>
public sealed class DispositionExecutor
{
    private readonly PolicyOptions _options;
    private readonly QuarantineStore _store;
    private readonly IMessageLogWriter? _log;
    private readonly LogAnonymizer? _anonymizer;
    private readonly MessageLogFormat _logFormat;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Lazy<NotificationStep?> _notifications;
    private readonly TagAndArchiveStep _tagAndArchive;

    /// <param name="options">The `options` of the policy in force (actions and quarantine root).</param>
    /// <param name="log">Where the message log line goes; none when null.</param>
    /// <param name="store">The quarantine; by default the one under `quarantine=`.</param>
    /// <param name="notifications">Tells people about blocked mail and forwards copies; nobody is told when null.</param>
    /// <param name="tagAndArchive">Archive copies and added headers; by default as `options` sets them (archive=, statusheader=...).</param>
    /// <param name="logFormat">The layout of the log lines (`logformat=`).</param>
    public DispositionExecutor(PolicyOptions options, IMessageLogWriter? log = null, QuarantineStore? store = null, LogAnonymizer? anonymizer = null, Func<DateTimeOffset>? clock = null, NotificationStep? notifications = null, TagAndArchiveStep? tagAndArchive = null, MessageLogFormat logFormat = MessageLogFormat.Vigil)
        : this(options, log, anonymizer, new Lazy<NotificationStep?>(notifications), store, clock, tagAndArchive, logFormat)
    {
    }

    private DispositionExecutor(PolicyOptions options, IMessageLogWriter? log, LogAnonymizer? anonymizer, Lazy<NotificationStep?> notifications, QuarantineStore? store = null, Func<DateTimeOffset>? clock = null, TagAndArchiveStep? tagAndArchive = null, MessageLogFormat logFormat = MessageLogFormat.Vigil)
    {
        _logFormat = logFormat;
        _options = options;
        _notifications = notifications;
        _log = log;
        _anonymizer = anonymizer;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _store = store ?? new QuarantineStore(QuarantineOptions.Root(options), _clock);
        _tagAndArchive = tagAndArchive ?? TagAndArchiveStep.FromOptions(options, _clock);
    }

    public QuarantineStore Store => _store;

    /// <summary>
    /// The executor a door uses: the policy's options, its quarantine, the message log `log=` names
    /// (see <see cref="MessageLogSettings"/>) and the notification step the control directory
    /// configures. Configuration warnings go to <paramref name="errors"/>.
    /// </summary>
    /// <param name="defaultLog">The door's own log destination when `log=` is unset; none when null.</param>
    /// <param name="errors">Where configuration warnings and failed notifications are reported (a door's stderr).</param>
    public static DispositionExecutor Create(PolicyProvider policy, Func<IMessageLogWriter?>? defaultLog = null, TextWriter? errors = null)
    {
        var options = policy.Current.Options;
        var logging = MessageLogSettings.From(options, defaultLog ?? (() => null));
        foreach (var problem in logging.Problems)
        {
            errors?.WriteLine($"vigil: {problem}");
        }

        // Notification settings (templates, guards, transport) are read only when a message is
        // blocked: clean mail, the common case, does not pay for them in a per-message process.
        var notifications = new Lazy<NotificationStep?>(() =>
        {
            var report = new ConfigReport(policy.Layers);
            var step = NotificationStep.Load(policy.Layers, options, report, errors);
            foreach (var warning in report.Messages)
            {
                errors?.WriteLine($"vigil: {warning}");
            }

            return step;
        });
        return new DispositionExecutor(options, logging.Writer, logging.Anonymizer, notifications, logFormat: logging.Format);
    }

    /// <summary>Executes the verdict for a spooled message.</summary>
    public Task<DispositionResult> ExecuteAsync(Judgement result, Envelope envelope, ContentSpool raw, CancellationToken cancellationToken = default) =>
        ExecuteAsync(result, envelope, raw.OpenRead, cancellationToken);

    /// <summary>Executes the verdict; <paramref name="raw"/> must be seekable (it is read from its start).</summary>
    public Task<DispositionResult> ExecuteAsync(Judgement result, Envelope envelope, Stream raw, CancellationToken cancellationToken = default)
    {
        if (!raw.CanSeek)
        {
            throw new ArgumentException("the raw message stream must be seekable", nameof(raw));
        }

        return ExecuteAsync(result, envelope, () => { raw.Position = 0; return new NonClosingStream(raw); }, cancellationToken);
    }

    private async Task<DispositionResult> ExecuteAsync(Judgement result, Envelope envelope, Func<Stream> openRaw, CancellationToken cancellationToken)
    {
        var plan = ActionPlanner.Plan(result.Verdict, _options);
        QuarantineRecord? stored = null;
        try
        {
            if (plan.Folder is { } folder && plan.Action is VerdictAction.Quarantine or VerdictAction.Drop)
            {
                using var stream = openRaw();
                stored = await _store.StoreAsync(stream, envelope, result.Verdict, folder, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WriteLog(result, envelope);
            return new DispositionResult(DispositionOutcome.Defer, plan, null, "quarantine: " + e.Message);
        }

        var tagged = await _tagAndArchive.RunAsync(result, envelope, plan, openRaw, cancellationToken).ConfigureAwait(false);
        WriteLog(result, envelope);

        var outcome = tagged.MustDefer ? DispositionOutcome.Defer : plan.Action switch
        {
            VerdictAction.Deliver => DispositionOutcome.Deliver,
            VerdictAction.Quarantine => stored is null ? DispositionOutcome.Defer : DispositionOutcome.Quarantined,
            VerdictAction.Reject => DispositionOutcome.Reject,
            VerdictAction.Drop => DispositionOutcome.Drop,
            _ => DispositionOutcome.Defer,
        };

        // The message is safe now: whatever the notifications do, the outcome stands.
        var mail = outcome is not (DispositionOutcome.Quarantined or DispositionOutcome.Drop or DispositionOutcome.Reject) || _notifications.Value is not { } step
            ? NotificationStepResult.None
            : await step.RunAsync(result, envelope, outcome, openRaw, cancellationToken).ConfigureAwait(false);
        return new DispositionResult(outcome, plan, stored, tagged.Archive.Failure ?? (outcome == DispositionOutcome.Defer && plan.Action == VerdictAction.Quarantine ? "no quarantine folder" : ""))
        {
            Notifications = mail.Notifications,
            Forward = mail.Forward,
            AddedHeaders = tagged.AddedHeaders,
            Archive = tagged.Archive.Record,
        };
    }

    private void WriteLog(Judgement result, Envelope envelope)
    {
        if (_log is null)
        {
            return;
        }

        try
        {
            var record = MessageLogRecord.From(result, envelope, _clock());
            foreach (var line in MessageLogFormatter.Lines(_logFormat, record, _anonymizer, _log is SyslogMessageLogWriter))
            {
                _log.Write(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The log reports its own failures; the message's fate does not depend on one line.
        }
    }
}

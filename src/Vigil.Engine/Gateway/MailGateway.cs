using System.Collections.Concurrent;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Judging;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Gateway;

/// <summary>
/// The engine's one entry point for mail: every door (qmail-queue, dot-qmail, QHPSI, SMTP, milter,
/// the local socket) hands it the message and what it knows of the envelope, and gets back what to
/// answer. It spools the message once, picks the profile (the door's, then `relayclientprofile=`
/// for relay clients), takes header addresses when `evalheaderaddress=` asks, analyses, runs the
/// scanners, carries out the dispositions (quarantine, log, archive, tags, notifications) and tells
/// the observers. It never throws for a message: a fault defers it. Thread-safe; a daemon keeps one.
/// </summary>
public sealed class MailGateway
{
    private readonly GatewaySettings _settings;
    private readonly PolicyProvider _root;
    private readonly MessageAnalyzer _analyzer = new();
    private readonly ConcurrentDictionary<string, Judge> _judges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _audited = new(StringComparer.Ordinal);

    private MailGateway(GatewaySettings settings)
    {
        _settings = settings;
        _root = new PolicyProvider(settings.ControlDirectory, settings.PolicyRecheck);
    }

    /// <summary>
    /// A gateway for <paramref name="settings"/>, checked the way a door starts: the control
    /// directory and each of <paramref name="profiles"/> must exist and load without errors.
    /// </summary>
    public static GatewayBuild Create(GatewaySettings settings, IReadOnlyList<string>? profiles = null)
    {
        if (settings.ControlDirectory is { } dir && !Directory.Exists(dir))
        {
            return new GatewayBuild(null, [$"control directory {dir}: No such directory"]);
        }

        var gateway = new MailGateway(settings);
        var errors = gateway.TryJudge(profiles ?? [], out _);
        return errors.Count > 0 ? new GatewayBuild(null, errors) : new GatewayBuild(gateway, []);
    }

    /// <summary>The settings it was built from.</summary>
    public GatewaySettings Settings => _settings;

    /// <summary>The policy of the control directory alone (no profile), reloaded when a file changes.</summary>
    public PolicyProvider Policy => _root;

    /// <summary>The policy a message with these profiles is judged under (for doors that read door options such as `qmailqueue=`).</summary>
    public PolicyProvider PolicyFor(IReadOnlyList<string> profiles) =>
        profiles.Count == 0 ? _root : _root.ForProfile([.. profiles]);

    /// <summary>
    /// The next message looks at the control files at once (policy and scanners, every profile),
    /// whatever <see cref="GatewaySettings.PolicyRecheck"/> says: SIGHUP, or a change seen by a watcher.
    /// </summary>
    public void InvalidateControlFiles()
    {
        _root.Invalidate();
        foreach (var judge in _judges.Values)
        {
            judge.Policy.Invalidate();
            judge.Scanners.Invalidate();
        }
    }

    /// <summary>An empty spool for a door that streams the message in itself.</summary>
    public SpooledMessage NewSpool() => new(_settings.SpoolMemoryThreshold);

    /// <summary>Spools <paramref name="message"/> (read to its end) and processes it.</summary>
    public async Task<GatewayOutcome> ProcessAsync(Stream message, Envelope envelope, DoorContext door, CancellationToken cancellation = default)
    {
        var spool = NewSpool();
        try
        {
            await spool.CopyFromAsync(message, cancellation).ConfigureAwait(false);
        }
        catch (SpoolWriteException e)
        {
            spool.Dispose();
            return Fault(GatewayFault.Spool, "cannot spool the message: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            spool.Dispose();
            return Fault(GatewayFault.Read, "cannot read the message: " + e.Message);
        }

        return await ProcessAsync(spool, envelope, door, ownsSpool: true, cancellation).ConfigureAwait(false);
    }

    /// <summary>Processes a message the door spooled itself; the door keeps and disposes <paramref name="message"/>.</summary>
    public Task<GatewayOutcome> ProcessAsync(SpooledMessage message, Envelope envelope, DoorContext door, CancellationToken cancellation = default) =>
        ProcessAsync(message, envelope, door, ownsSpool: false, cancellation);

    /// <summary>
    /// Judges a message without carrying anything out (`vigil scan`, `vigil inspect`): the verdict
    /// under the door's profiles. Dispose the result. A profile with errors gives an `error` verdict.
    /// </summary>
    public async Task<Judgement> JudgeAsync(Stream message, Envelope envelope, DoorContext door, CancellationToken cancellation = default)
    {
        var errors = TryJudge(door.Profiles, out var judge);
        if (errors.Count > 0)
        {
            return Judgement.Failed("config-error", string.Join("; ", errors));
        }

        return await judge!.Messages.JudgeAsync(message, envelope, cancellation).ConfigureAwait(false);
    }

    private async Task<GatewayOutcome> ProcessAsync(SpooledMessage spool, Envelope envelope, DoorContext door, bool ownsSpool, CancellationToken cancellation)
    {
        Judgement? scan = null;
        try
        {
            var judge = ChooseJudge(door.Profiles, envelope, out var errors);
            if (judge is null)
            {
                return Fault(GatewayFault.Configuration, string.Join("; ", errors), spool, ownsSpool);
            }

            WarnOnceAboutUnreadFiles(judge, door);
            var options = judge.Policy.Current.Options;
            envelope = WithHeaderAddresses(envelope, options, spool);
            foreach (var invalid in ActionOptions.Validate(options))
            {
                door.Warnings?.WriteLine($"vigil: {invalid}");
            }

            using (var input = spool.OpenRead())
            {
                scan = await judge.Messages.JudgeAsync(input, envelope, cancellation).ConfigureAwait(false);
            }

            var executor = DispositionExecutor.Create(judge.Policy, door.DefaultLog, door.Warnings);
            var disposition = await executor.ExecuteAsync(scan, envelope, spool.Content, cancellation).ConfigureAwait(false);
            var kind = disposition.Outcome switch
            {
                DispositionOutcome.Deliver => OutcomeKind.Deliver,
                DispositionOutcome.Quarantined => OutcomeKind.Quarantined,
                DispositionOutcome.Drop => OutcomeKind.Dropped,
                DispositionOutcome.Reject => OutcomeKind.Rejected,
                _ => OutcomeKind.Deferred,
            };
            var reason = PrintableAscii.Of(disposition.Plan.Decider?.Rule ?? (kind == OutcomeKind.Deferred ? "deferred" : "clean"), 120);
            var outcome = new GatewayOutcome(kind, spool, ownsSpool, scan, disposition, GatewayFault.None, reason, disposition.Detail)
            {
                Options = options,
                Report = OutcomeReports.From(scan, disposition, kind, envelope, _settings.Node),
            };
            Tell(outcome.Report);
            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail closed: whatever went wrong, the sender retries.
            scan?.Dispose();
            return new GatewayOutcome(OutcomeKind.Deferred, spool, ownsSpool, null, null, GatewayFault.None, "internal-error", $"internal error, deferring: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The door's profile, then the relay-client profile laid over it when the client may relay and `relayclientprofile=` names one.</summary>
    private Judge? ChooseJudge(IReadOnlyList<string> profiles, Envelope envelope, out List<string> errors)
    {
        errors = TryJudge(profiles, out var judge);
        if (judge is null || envelope.RelayClient != true)
        {
            return judge;
        }

        if (judge.Policy.Current.Options.Get(RelayClientProfileKey) is not { } dir || dir.Trim().Length == 0)
        {
            return judge;
        }

        errors = TryJudge([.. profiles, dir.Trim()], out var relayed);
        return relayed;
    }

    /// <summary>The `options` key naming the profile for mail from relay clients (RELAYCLIENT set; Qmail-Scanner's outgoing mail).</summary>
    public const string RelayClientProfileKey = "relayclientprofile";

    private List<string> TryJudge(IReadOnlyList<string> profiles, out Judge? judge)
    {
        judge = null;
        foreach (var profile in profiles)
        {
            if (!Directory.Exists(profile))
            {
                return [$"profile directory {profile}: No such directory"];
            }
        }

        var policy = PolicyFor(profiles);
        var found = _judges.GetOrAdd(policy.Layers.Key, _ =>
        {
            var scanners = new ScannerProvider(policy.Layers, ScannerLineParser.Default, _settings.ExtraScanners, _settings.PolicyRecheck);
            return new Judge(policy, scanners, new MessageJudge(_analyzer, policy, scanners));
        });
        var errors = found.CurrentErrors();
        if (errors.Count == 0)
        {
            judge = found;
        }

        return errors;
    }

    /// <summary>
    /// A file in the profile's control directories that Vigil reads under a seed system's name, or
    /// not at all, is logged once per run (per profile): an ignored policy file must not go unseen.
    /// </summary>
    private void WarnOnceAboutUnreadFiles(Judge judge, DoorContext door)
    {
        if (door.Warnings is null || !_audited.TryAdd(judge.Policy.Layers.Key, true))
        {
            return;
        }

        foreach (var m in KnownControlFiles.Audit(judge.Policy.Layers))
        {
            door.Warnings.WriteLine($"vigil: {m}");
        }
    }

    private static Envelope WithHeaderAddresses(Envelope envelope, PolicyOptions options, SpooledMessage spool)
    {
        if (!options.GetBool(HeaderAddressReader.OptionKey, false))
        {
            return envelope;
        }

        using var input = spool.OpenRead();
        var (from, to) = HeaderAddressReader.Read(input);
        return envelope with
        {
            Sender = from ?? envelope.Sender,
            Recipients = to is null ? envelope.Recipients : [to],
        };
    }

    private void Tell(OutcomeReport? report)
    {
        if (report is null)
        {
            return;
        }

        foreach (var observer in _settings.Observers)
        {
            try
            {
                observer.Observe(report);
            }
            catch (Exception)
            {
                // An observer's bug must not change what happens to the mail.
            }
        }
    }

    private static GatewayOutcome Fault(GatewayFault fault, string detail, SpooledMessage? spool = null, bool ownsSpool = false) =>
        new(OutcomeKind.Deferred, spool, ownsSpool, null, null, fault, fault switch
        {
            GatewayFault.Read => "read-error",
            GatewayFault.Spool => "spool-error",
            _ => "config-error",
        }, detail);
}

using System.Text;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Install;

/// <summary>
/// Qmail-Scanner's test_installation.sh for Vigil: sends the EICAR, policy and clean test mails
/// through one door and compares what happened with what the configuration says must happen.
/// The EICAR mail is only sent through the queue door when a virus scanner is configured: with
/// none it would be handed to the real qmail-queue and delivered.
/// </summary>
public sealed partial class TestInstallRunner
{
    private readonly TestInstallSettings _settings;

    public TestInstallRunner(TestInstallSettings settings)
    {
        _settings = settings;
    }

    public async Task<IReadOnlyList<TestMailOutcome>> RunAsync()
    {
        var policy = _settings.Policy.Current;
        var builder = new TestMailBuilder(policy, _settings.From, _settings.To, Guid.NewGuid().ToString("N")[..12]);
        var outcomes = new List<TestMailOutcome>();
        var virusScanners = VirusScanners(_settings.Scanners);

        var eicar = builder.Eicar();
        if (virusScanners.Count == 0)
        {
            outcomes.Add(new TestMailOutcome(eicar.Name, false, Expected(eicar), "not sent",
            [
                "no virus scanner is configured (control file `scanners`), so nothing can find a virus;",
                "add one, e.g. `clamd unix:/run/clamav/clamd.ctl`, and check it with `vigil scanners`",
            ]));
        }
        else
        {
            var outcome = await SendAsync(eicar);
            outcomes.Add(outcome.Passed == true ? outcome : outcome with { Notes = [.. outcome.Notes, $"virus scanners configured: {string.Join(", ", virusScanners)}"] });
        }

        if (builder.Policy(out var whyNot) is { } banned)
        {
            outcomes.Add(await SendAsync(banned));
        }
        else
        {
            outcomes.Add(new TestMailOutcome("policy", null, "an attachment blocked by name", "not sent", [whyNot!]));
        }

        outcomes.Add(await SendAsync(builder.Clean()));
        return outcomes;
    }

    /// <summary>The report as text: one block per mail, then the summary line.</summary>
    public static string Format(IReadOnlyList<TestMailOutcome> outcomes)
    {
        var sb = new StringBuilder();
        var passed = 0;
        var failed = 0;
        foreach (var o in outcomes)
        {
            var word = o.Passed switch { true => "OK  ", false => "FAIL", null => "SKIP" };
            passed += o.Passed == true ? 1 : 0;
            failed += o.Passed == false ? 1 : 0;
            sb.Append(word).Append(' ').Append(o.Name).Append('\n');
            sb.Append("     expected: ").Append(o.Expected).Append('\n');
            sb.Append("     got:      ").Append(o.Got).Append('\n');
            foreach (var note in o.Notes)
            {
                sb.Append("     ").Append(note).Append('\n');
            }
        }

        sb.Append(failed == 0 ? "all test mails behaved as configured" : $"{failed} of {outcomes.Count} test mails did not behave as configured");
        sb.Append($" ({passed} ok, {failed} failed, {outcomes.Count - passed - failed} skipped)\n");
        return sb.ToString();
    }

    private Task<TestMailOutcome> SendAsync(TestMail mail) =>
        _settings.Door == TestDoor.Queue ? SendThroughQueueAsync(mail) : ScanAsync(mail);

    private static string Expected(TestMail mail) =>
        (mail.ExpectedCategory is { } c ? c.ToString().ToLowerInvariant() + " finding -> " : "clean -> ") + mail.ExpectedAction.ToString().ToLowerInvariant() + " (" + mail.Why + ")";

    private async Task<TestMailOutcome> SendThroughQueueAsync(TestMail mail)
    {
        var folder = mail.ExpectedCategory is { } c ? QuarantineFolder.For(c) : null;
        var expected = Expected(mail) + "; the door: " + ExpectedOutcome.ForQueue(mail.ExpectedAction, folder);
        var work = Directory.CreateTempSubdirectory("vigil-test-install-");
        try
        {
            var messageFile = Path.Combine(work.FullName, "message");
            var envelopeFile = Path.Combine(work.FullName, "envelope");
            await File.WriteAllBytesAsync(messageFile, mail.Bytes);
            await File.WriteAllBytesAsync(envelopeFile, Encoding.ASCII.GetBytes($"F{_settings.From}\0T{_settings.To}\0\0"));

            // Quarantine files get their time when written; a second of slack covers coarse clocks.
            var since = DateTime.UtcNow.AddSeconds(-1);
            var (exit, stderr) = await QueueDoorProcess.RunAsync(_settings.QueueCommand, messageFile, envelopeFile, _settings.QueueEnvironment);
            var root = QuarantineOptions.Root(_settings.Policy.Current.Options);
            var (foundFolder, foundFile) = QuarantineProbe.Find(root, mail.Marker, since);
            var got = ExpectedOutcome.QueueExit(exit) + (foundFile is not null ? ", quarantined as " + foundFile : ", not in the quarantine");
            var passed = exit >= 0 && ExpectedOutcome.QueueMatches(mail.ExpectedAction, folder, exit, foundFolder);
            var notes = new List<string>();
            if (!passed)
            {
                if (exit == Doors.Queue.QmailQueueExit.TemporaryRefusal && mail.ExpectedAction != VerdictAction.Defer)
                {
                    notes.Add("deferred: a required scanner could not be asked, or a side effect (quarantine, qmail-queue) failed; vigil never passes mail it could not check");
                }

                foreach (var error in ErrorFindings(stderr))
                {
                    notes.Add($"a required scanner could not be asked ({error} in the door's log line)");
                }

                if (foundFolder is not null && foundFolder != folder)
                {
                    notes.Add($"it was caught, but in {foundFolder}/ rather than {folder ?? "nowhere"}/: another rule decided");
                }

                notes.AddRange(StderrLines(stderr));
            }

            return new TestMailOutcome(mail.Name, passed, expected, got, notes);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<TestMailOutcome> ScanAsync(TestMail mail)
    {
        var expected = Expected(mail);
        var envelope = new Envelope(_settings.From, [_settings.To]) { Door = "test-install" };
        using var stream = new MemoryStream(mail.Bytes, writable: false);
        using var result = await _settings.Gateway.JudgeAsync(stream, envelope, _settings.Judging);
        var verdict = result.Verdict;
        var plan = ActionPlanner.Plan(verdict, _settings.Policy.Current.Options);
        var worst = verdict.Worst;
        var got = worst is null
            ? "clean -> deliver"
            : $"{worst.Category.Word()} finding {worst.Rule} -> {plan.Action.ToString().ToLowerInvariant()}";
        var passed = mail.ExpectedCategory is null
            ? worst is null
            : worst?.Category == mail.ExpectedCategory && plan.Action == mail.ExpectedAction;
        var notes = new List<string>();
        if (!passed)
        {
            foreach (var f in verdict.Findings)
            {
                if (f.Category == FindingCategory.Error)
                {
                    notes.Add($"a required scanner could not be asked: {f.Rule}: {f.Detail}");
                }
                else if (!ReferenceEquals(f, worst))
                {
                    notes.Add($"also: {f.Category.Word()} {f.Rule}");
                }
            }
        }

        return new TestMailOutcome(mail.Name, passed, expected, got, notes);
    }

    private static List<string> VirusScanners(ScannerSet set)
    {
        var names = new List<string>();
        foreach (var s in set.Scanners)
        {
            if (s.IsVirusScanner)
            {
                names.Add($"{s.Name} ({s.Origin})");
            }
        }

        return names;
    }

    /// <summary>The distinct `error:` findings of the door's log line (e.g. error:clamd:unreachable).</summary>
    private static List<string> ErrorFindings(string stderr)
    {
        var found = new List<string>();
        foreach (System.Text.RegularExpressions.Match m in ErrorFindingPattern().Matches(stderr))
        {
            if (found.Count < 4 && !found.Contains(m.Value))
            {
                found.Add(m.Value);
            }
        }

        return found;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[\t; ])error:[A-Za-z0-9_.:-]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex ErrorFindingPattern();

    /// <summary>The door's own messages, a few lines, for the report.</summary>
    private static IEnumerable<string> StderrLines(string stderr)
    {
        var count = 0;
        foreach (var raw in stderr.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (++count > 8)
            {
                yield return "door: ...";
                yield break;
            }

            yield return "door: " + (line.Length > 300 ? line[..300] + "..." : line);
        }
    }
}

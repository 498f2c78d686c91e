using Vigil.Doors;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanning;
using Vigil.Mime.Spooling;

namespace Vigil.Commands;

/// <summary>
/// `vigil deliver`: QMVC's dot-qmail filter (<c>|vigil deliver</c> in a .qmail file). The message
/// comes on stdin, the envelope from qmail-local's SENDER and RECIPIENT. Exit 0 lets qmail-local go
/// on delivering, 99 stops it (quarantined or dropped), 100 bounces (reject; the reason on stdout
/// is the bounce text) and 111 asks qmail-send to retry (defer, `error` verdicts, any fault).
/// </summary>
public static class DeliverCommand
{
    private const int SpoolMemoryThreshold = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        if (DeliverArguments.Parse(args, Environment.GetEnvironmentVariable("HOME"), out var error) is not { } parsed)
        {
            throw new UsageException(error!);
        }

        DirectoryInfo? work = null;
        try
        {
            work = Directory.CreateTempSubdirectory("vigil-deliver-");
            return await RunAsync(parsed, CommonOptions.Parse([.. parsed.CommonArgs]), work.FullName);
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            Console.Error.WriteLine($"vigil deliver: internal error, deferring: {e.GetType().Name}: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }
        finally
        {
            try
            {
                work?.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static async Task<int> RunAsync(DeliverArguments parsed, CommonOptions options, string work)
    {
        using var scratch = new ScratchDirectory(work);
        using var spool = new ContentSpool(scratch, SpoolMemoryThreshold);
        try
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                spool.Write(buffer.AsSpan(0, n));
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"vigil deliver: cannot read the message: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }

        var scanner = EngineFactory.Create(options);
        if (scanner is null)
        {
            return DotQmailExit.TemporaryFailure;
        }
        // The scanner's own policy provider: one load, and the actions use the snapshot the scan used.
        var policy = scanner.Policy;

        var recipient = Environment.GetEnvironmentVariable("RECIPIENT");
        var envelope = new Envelope(Environment.GetEnvironmentVariable("SENDER"), recipient is { Length: > 0 } ? [parsed.Recipient(recipient)] : [])
        {
            Door = "deliver",
        };

        using var message = spool.OpenRead();
        using var result = await scanner.ScanAsync(message, envelope);
        var executor = DispositionExecutor.Create(policy, errors: Console.Error);
        var outcome = await executor.ExecuteAsync(result, envelope, spool);
        if (outcome.Detail.Length > 0)
        {
            Console.Error.WriteLine($"vigil deliver: {outcome.Detail}");
        }

        switch (outcome.Outcome)
        {
            case DispositionOutcome.Deliver:
                return DotQmailExit.Continue;
            case DispositionOutcome.Quarantined or DispositionOutcome.Drop:
                return DotQmailExit.Filtered;
            case DispositionOutcome.Reject:
                // Only our own rule name: the finding's detail may quote the message.
                Console.Out.WriteLine($"Vigil refused this message ({outcome.Plan.Decider?.Rule ?? "policy"}).");
                return DotQmailExit.Bounce;
            default:
                return DotQmailExit.TemporaryFailure;
        }
    }
}

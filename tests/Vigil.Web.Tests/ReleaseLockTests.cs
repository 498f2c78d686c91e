using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>The quarantine's release lock, which the dashboard and `vigil quarantine release` share.</summary>
public sealed class ReleaseLockTests
{
    private static readonly Verdict Policy = new([new Finding(FindingCategory.Policy, "attachments:.exe", "update.exe", "2")]);

    [Fact]
    public async Task ASecondReleaseWhileTheFirstIsSendingWaitsAndThenFindsItReleased()
    {
        using var dir = new TempDir();
        var store = new QuarantineStore(dir.Path);
        var record = await store.StoreAsync(new MemoryStream(Encoding.ASCII.GetBytes("Subject: x\n\nbody\n")), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);
        var gate = new HeldReinjector();

        var first = store.ReleaseAsync(record.Id, gate);
        await gate.Entered.Task;                      // the first release is inside the hand-off, holding the lock
        var second = store.ReleaseAsync(record.Id, gate);
        Assert.False(second.IsCompleted);
        gate.Finish.SetResult();

        Assert.Equal(ReleaseOutcome.Released, (await first).Outcome);
        var again = await second;
        Assert.Equal(ReleaseOutcome.AlreadyReleased, again.Outcome);
        Assert.Equal(1, gate.Calls);
    }

    [Fact]
    public async Task AReleaseToOtherRecipientsSendsToThemAndLogsThem()
    {
        using var dir = new TempDir();
        await using var sink = new SmtpSink();
        var store = new QuarantineStore(dir.Path);
        var record = await store.StoreAsync(new MemoryStream(Encoding.ASCII.GetBytes("Subject: x\n\nbody\n")), new Envelope("a@example.org", ["b@example.net"]), Policy, "policy", CancellationToken.None);

        var result = await store.ReleaseAsync(record.Id, QuarantineOptions.Reinjector($"smtp:127.0.0.1:{sink.Port}", out _)!, ["c@example.net", "d@example.net"]);

        Assert.Equal(ReleaseOutcome.Released, result.Outcome);
        Assert.Equal(["c@example.net", "d@example.net"], result.Record!.Recipients);
        Assert.Equal(["<c@example.net>", "<d@example.net>"], Assert.Single(sink.Transactions).RcptTo);
        Assert.Equal("c@example.net,d@example.net", File.ReadAllLines(store.Log.FilePath)[1].Split('\t')[6]);
    }

    /// <summary>A hand-off that says when it is entered and finishes when told; counts its calls.</summary>
    private sealed class HeldReinjector : IReinjector
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls { get; private set; }

        public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            Calls++;
            Entered.TrySetResult();
            await Finish.Task.WaitAsync(cancellationToken);
            return new ReinjectResult(true, 0, "");
        }
    }
}

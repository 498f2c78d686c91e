using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Tests.Dispositions.Execution;

/// <summary>A transport with a bug: every send throws (the contract says it should not; the executor must survive it).</summary>
internal sealed class ThrowingSender : INotificationSender
{
    public int Calls { get; private set; }

    public Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation)
    {
        Calls++;
        throw new InvalidOperationException("transport bug");
    }

    public Task<SendResult> SendAsync(string envelopeSender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellation)
    {
        Calls++;
        throw new InvalidOperationException("transport bug");
    }
}

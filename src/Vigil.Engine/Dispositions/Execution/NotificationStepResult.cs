using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Dispositions.Execution;

/// <summary>What the notification step did for one message: the notifications and the forwarded copy.</summary>
public sealed record NotificationStepResult(NotificationReport Notifications, ForwardResult Forward)
{
    /// <summary>Nothing was due (clean, delivered or deferred mail, or no step configured).</summary>
    public static NotificationStepResult None { get; } = new(NotificationReport.Empty, ForwardResult.None);
}

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// What a notification is about. Policy covers every "bad mail" verdict (policy, format, limits):
/// QMVC's badmail and Qmail-Scanner's policy block are one kind for the people told.
/// </summary>
public enum NotificationKind
{
    Virus,
    Policy,
    Spam,
}

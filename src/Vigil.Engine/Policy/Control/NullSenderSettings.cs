namespace Vigil.Engine.Policy.Control;

/// <summary>
/// QMVC's `nullsender` control file, for mail with the empty envelope sender "&lt;&gt;" (bounces,
/// and a favourite of viruses hiding where they came from):
/// <code>
///   trashnullsendermail=y        # do not deliver it (logged; an outbreak measure, not a default)
///   earlyquitonnullsender=y      # with trashing on: do not even check it
///   skipviruschecknullsender=y   # do not send it to the virus scanners
/// </code>
/// All three are off unless the file says otherwise.
/// </summary>
public sealed record NullSenderSettings(bool Trash, bool EarlyQuit, bool SkipVirusCheck)
{
    public const string TrashKey = "trashnullsendermail";
    public const string EarlyQuitKey = "earlyquitonnullsender";
    public const string SkipVirusCheckKey = "skipviruschecknullsender";

    public static NullSenderSettings Default { get; } = new(false, false, false);

    public static NullSenderSettings From(PolicyOptions values) => new(
        values.GetBool(TrashKey, false),
        values.GetBool(EarlyQuitKey, false),
        values.GetBool(SkipVirusCheckKey, false));
}

namespace Vigil.Engine.Verdicts;

/// <summary>
/// The kind of a finding. The verdict of a message is its worst finding's category, in the order
/// of this enum from the bottom: a known virus is reported as a virus even when its name is also
/// banned (Qmail-Scanner's order of judgement), and an `error` (something could not be checked)
/// outranks only spam, because a message already blocked for cause needs no retry.
/// </summary>
public enum FindingCategory
{
    Spam = 1,
    Error = 2,
    Limits = 3,
    Format = 4,
    Policy = 5,
    Virus = 6,
}

namespace Vigil.Mime.Tnef;

/// <summary>Which of an attachment's names comes first (the one a user most likely sees).</summary>
internal static class NamePriority
{
    public const int LongFilename = 0;
    public const int TransportName = 1;
    public const int ShortFilename = 2;
    public const int Title = 3;
    public const int DisplayName = 4;
    public const int Extension = 5;
}

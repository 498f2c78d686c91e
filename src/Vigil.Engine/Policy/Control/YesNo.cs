namespace Vigil.Engine.Policy.Control;

/// <summary>The yes/no words control files accept (QMVC writes `y` and `n`).</summary>
internal static class YesNo
{
    public static bool TryParse(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "y" or "yes" or "true" or "on" or "1":
                value = true;
                return true;
            case "n" or "no" or "false" or "off" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Scanners;

/// <summary>What the content scanners share about the parts they send.</summary>
public static class ScannedParts
{
    /// <summary>
    /// True for an unnamed text part that reaches the scanner byte for byte inside the raw message
    /// (no transfer encoding on it or around it): sending it again would only repeat work.
    /// </summary>
    public static bool IsVerbatimPlainText(Entity entity)
    {
        if (entity.FileName is not null || !(entity.DeclaredType is null || entity.DeclaredType.StartsWith("text/", StringComparison.Ordinal)))
        {
            return false;
        }

        for (var e = entity; e is not null; e = e.Parent)
        {
            if (e.Source is not (EntitySource.Message or EntitySource.MimePart) || e.TransferEncoding is not (null or "7bit" or "8bit" or "binary"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What a finding's detail names: the file name, else the kind of part.</summary>
    public static string Describe(Entity entity) => entity.FileName ?? entity.Source switch
    {
        EntitySource.MimePart or EntitySource.Message => entity.DeclaredType ?? "text/plain",
        _ => entity.Source.ToString().ToLowerInvariant() + " content",
    };
}

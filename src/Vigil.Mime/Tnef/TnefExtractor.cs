using Vigil.Mime.Model;

namespace Vigil.Mime.Tnef;

/// <summary>
/// Takes a TNEF stream (winmail.dat, application/ms-tnef) apart: every attachment becomes a child
/// entity with all its names (8.3 title, long file name, display name) and its content; attached
/// messages become containers with their own children; the message bodies (RTF, HTML, text) are
/// added too so they get scanned. Broken streams give a <see cref="AnomalyCodes.TnefBroken"/>
/// anomaly and whatever was read before the break.
/// </summary>
public sealed class TnefExtractor : IEntityExpander
{
    public bool CanExpand(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.IsContainer || entity.Content is null)
        {
            return false;
        }

        if (entity.DeclaredType is "application/ms-tnef" or "application/vnd.ms-tnef")
        {
            return true;
        }

        foreach (var name in entity.Names)
        {
            if (IsTnefName(name.Raw) || IsTnefName(name.Normalized))
            {
                return true;
            }
        }

        return entity.Content.Head.StartsWith(TnefIds.SignatureBytes);
    }

    public void Expand(Entity entity, AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(context);
        if (entity.Content is null)
        {
            return;
        }

        try
        {
            using var stream = entity.Content.OpenRead();
            var reader = new TnefStreamReader(stream);
            var parser = new TnefParser(reader, context.Budget);
            var message = parser.Parse(new ByteRange(0, reader.Length));
            new TnefEntityBuilder(reader, context).AddChildren(entity, message, depth: 0, parser.TimedOut);
        }
        catch (IOException ex)
        {
            // The spool file failed under us; the content is not at fault but cannot be read.
            context.Report(AnomalyCodes.TnefBroken, entity.Path, "TNEF content could not be read: " + ex.Message);
        }
    }

    private static bool IsTnefName(string name) =>
        name.Equals("winmail.dat", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".tnef", StringComparison.OrdinalIgnoreCase);
}

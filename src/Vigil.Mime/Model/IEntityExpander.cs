namespace Vigil.Mime.Model;

/// <summary>
/// Finds the entities hidden inside a leaf (files uuencoded in a text body, attachments of a
/// TNEF stream, members of an archive) and adds them as children. The analysis pipeline calls
/// every expander on every new leaf, so nesting of any kind is handled once, in one place.
/// Expanders never throw on bad content: they report anomalies or limit hits on the context.
/// </summary>
public interface IEntityExpander
{
    /// <summary>True when this expander has something to look for in <paramref name="entity"/>.</summary>
    bool CanExpand(Entity entity);

    /// <summary>Adds what it finds as children of <paramref name="entity"/>, each with its content spooled.</summary>
    void Expand(Entity entity, AnalysisContext context);
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// The one way an archive reader says that content went unchecked: the entity (an archive or one
/// of its members) is marked unreadable, which policy turns into `unreadable-archive`, and the
/// anomaly says why. A reader that only reported the anomaly would let the content pass quietly.
/// </summary>
internal static class ArchiveFaults
{
    public static void Unreadable(AnalysisContext context, Entity entity, string code, string detail)
    {
        entity.IsUnreadable = true;
        context.Report(code, entity.Path, detail);
    }

    public static void Encrypted(AnalysisContext context, Entity entity, string detail)
    {
        entity.IsEncrypted = true;
        context.Report(ArchiveAnomalies.EncryptedEntry, entity.Path, detail);
    }
}

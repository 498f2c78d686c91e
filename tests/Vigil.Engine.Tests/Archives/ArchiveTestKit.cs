using System.IO.Compression;
using System.Text;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Model;

namespace Vigil.Engine.Tests.Archives;

/// <summary>Builds archive entities the way the MIME parser hands them over, and runs the expander like the pipeline does.</summary>
internal static class ArchiveTestKit
{
    public static Entity Leaf(AnalysisContext context, byte[] bytes, string? fileName = null, string path = "2")
    {
        var entity = new Entity(path, EntitySource.MimePart) { Content = context.NewSpool() };
        entity.Content.Write(bytes);
        if (fileName is not null)
        {
            entity.AddName(new NameCandidate(fileName, fileName, NameSource.ContentDispositionFilename));
        }

        return entity;
    }

    /// <summary>Expands <paramref name="entity"/> and then every new member, as the analysis pipeline would.</summary>
    public static void ExpandAll(Entity entity, AnalysisContext context)
    {
        var expander = new ArchiveExpander();
        var queue = new Queue<Entity>();
        queue.Enqueue(entity);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!expander.CanExpand(next))
            {
                continue;
            }

            expander.Expand(next, context);
            foreach (var child in next.Children)
            {
                queue.Enqueue(child);
            }
        }
    }

    public static byte[] Zip(params (string Name, byte[] Data, CompressionLevel Level)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var (name, data, level) in entries)
            {
                var entry = zip.CreateEntry(name, level);
                if (name.EndsWith('/'))
                {
                    continue;
                }

                using var stream = entry.Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    public static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    public static string ContentText(Entity entity)
    {
        using var stream = entity.Content!.OpenRead();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static byte[] ContentBytes(Entity entity)
    {
        using var stream = entity.Content!.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The base64 body of the attachment whose header block mentions <paramref name="marker"/> in a corpus mail.</summary>
    public static byte[] CorpusAttachment(string path, string marker)
    {
        var lines = File.ReadAllLines(path);
        var i = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(i >= 0, $"{marker} not found in {path}");
        while (i < lines.Length && lines[i].Trim().Length > 0)
        {
            i++;
        }

        var base64 = new StringBuilder();
        for (i++; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            base64.Append(lines[i].Trim());
        }

        return Convert.FromBase64String(base64.ToString());
    }

    public static Anomaly? Anomaly(AnalysisContext context, string code) =>
        context.Anomalies.FirstOrDefault(a => a.Code == code);
}

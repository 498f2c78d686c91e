using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Tests.Parsing;

/// <summary>Parses a message for a test and keeps the context alive until disposed.</summary>
internal sealed class ParsedMessage : IDisposable
{
    public ParsedMessage(byte[] message, AnalysisLimits? limits = null)
    {
        Context = new AnalysisContext(limits ?? AnalysisLimits.Default);
        Root = MimeParser.Parse(new MemoryStream(message), Context);
    }

    public ParsedMessage(string message, AnalysisLimits? limits = null)
        : this(Encoding.Latin1.GetBytes(message), limits)
    {
    }

    public AnalysisContext Context { get; }

    public Entity Root { get; }

    public Entity Part(string path) => Root.DescendantsAndSelf().Single(e => e.Path == path);

    public string Text(string path)
    {
        var content = Part(path).Content!;
        using var s = content.OpenRead();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return Encoding.Latin1.GetString(ms.ToArray());
    }

    public bool Has(string anomalyCode) => Context.Anomalies.Any(a => a.Code == anomalyCode);

    public void Dispose() => Context.Dispose();
}

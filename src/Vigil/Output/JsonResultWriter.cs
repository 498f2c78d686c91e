using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;

namespace Vigil.Output;

/// <summary>
/// Writes one JSON object per message per line (the `vigil scan --json` contract other tools
/// read): path, verdict, findings, parts, anomalies, elapsedMs.
/// </summary>
public sealed class JsonResultWriter : IDisposable
{
    // A property, not a static field: a value-typed static from System.Text.Json would load that
    // library with this type, even for `vigil scan` without --json.
    private static JsonWriterOptions Options => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;

    public JsonResultWriter(Stream output)
    {
        _output = output;
        _writer = new Utf8JsonWriter(output, Options);
    }

    public void Write(string path, Judgement result)
    {
        var w = _writer;
        w.Reset(_output);
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("verdict", result.Verdict.Word);

        w.WriteStartArray("findings");
        foreach (var f in result.Verdict.Findings)
        {
            w.WriteStartObject();
            w.WriteString("category", f.Category.Word());
            w.WriteString("rule", f.Rule);
            w.WriteString("detail", f.Detail);
            w.WriteString("part", f.PartPath);
            if (f.Action is { } action)
            {
                w.WriteString("action", action.ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("parts");
        if (result.Analysis is { } analysis)
        {
            foreach (var e in analysis.Entities)
            {
                if (e.Path.Length == 0 && e.IsContainer)
                {
                    continue;
                }

                WritePart(w, e);
            }
        }

        w.WriteEndArray();

        if (result.Analysis is { Anomalies.Count: > 0 } withAnomalies)
        {
            w.WriteStartArray("anomalies");
            foreach (var a in withAnomalies.Anomalies)
            {
                w.WriteStartObject();
                w.WriteString("code", a.Code);
                w.WriteString("part", a.PartPath);
                w.WriteString("severity", a.Severity == AnomalySeverity.Format ? "format" : "notice");
                w.WriteString("detail", a.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (result.Analysis is { } sized)
        {
            w.WriteNumber("size", sized.MessageSize);
        }

        w.WriteNumber("elapsedMs", Math.Round(result.Elapsed.TotalMilliseconds, 3));
        w.WriteEndObject();
        w.Flush();
        _output.WriteByte((byte)'\n');
    }

    public void Dispose() => _writer.Dispose();

    private static void WritePart(Utf8JsonWriter w, Entity e)
    {
        w.WriteStartObject();
        w.WriteString("part", e.Path);
        w.WriteString("source", e.Source.ToString().ToLowerInvariant());
        if (e.FileName is { } name)
        {
            w.WriteString("filename", name);
        }

        if (e.Names.Count > 1)
        {
            w.WriteStartArray("names");
            foreach (var n in e.Names)
            {
                w.WriteStringValue(n.Raw);
            }

            w.WriteEndArray();
        }

        if (e.DeclaredType is { } declared)
        {
            w.WriteString("declaredType", declared);
        }

        if (e.Detected is { } detected)
        {
            w.WriteString("detectedType", detected.Id);
            w.WriteString("detectedDescription", detected.Description);
        }

        w.WriteNumber("size", e.DeclaredSize ?? e.Size);
        if (e.IsEncrypted)
        {
            w.WriteBoolean("encrypted", true);
        }

        if (e.IsUnreadable)
        {
            w.WriteBoolean("unreadable", true);
        }

        w.WriteEndObject();
    }
}

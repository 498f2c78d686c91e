namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// `vigil inspect` (and the dashboard's message page) with `second-parser=on`: MimeKit's view of the message beside Vigil's tree,
/// each part marked where the two disagree (names printed as the tree prints them).
/// </summary>
public static class SecondViewPrinter
{
    public static void Print(TextWriter output, SecondParserView view)
    {
        // A stopped reading compared nothing after the limit: say so, rather than "agrees".
        var state = view.Stopped is null
            ? (view.Disagrees ? "disagrees with Vigil" : "agrees with Vigil")
            : $"stopped after {view.EntitiesRead} entities: {view.Stopped}; what it did not read is not compared, no disagreement reported for it";
        output.WriteLine($"  second parser (MimeKit), {view.Parts.Count} parts, {state}");
        foreach (var p in view.Parts)
        {
            var items = new List<string> { p.Type };
            if (p.FileName is { } name)
            {
                items.Add($"name \"{name}\"");
            }

            items.Add($"{p.Size} bytes");
            items.Add($"content {p.Fingerprint[..12]}");
            if (p.ContentOnlyHere)
            {
                items.Add("content only MimeKit sees");
            }

            if (p.NameOnlyHere)
            {
                items.Add("name only MimeKit sees");
            }

            if (p.AddedAs is { } added)
            {
                items.Add($"scanned as {added}");
            }

            output.WriteLine($"    {(p.Path.Length == 0 ? "(body)" : p.Path)} {string.Join(", ", items)}");
        }

        foreach (var path in view.OnlyVigil)
        {
            output.WriteLine($"    only Vigil reads part {path}");
        }
    }
}

namespace Vigil.Mime.Headers;

/// <summary>A structured header value (Content-Type, Content-Disposition) taken apart.</summary>
/// <param name="Token">Lower-case main value ("multipart/mixed", "attachment"), white space removed.</param>
/// <param name="Parameters">Parameters in order of appearance, duplicates kept.</param>
/// <param name="CommentInToken">A comment sat inside the main token or a parameter name: a known way to hide a type from scanners.</param>
public sealed record ParsedHeaderValue(string Token, IReadOnlyList<HeaderParameter> Parameters, bool CommentInToken)
{
    /// <summary>The ';'-separated pieces read after the token, parameters or not.</summary>
    public int Pieces { get; init; }

    /// <summary>True when the value had more pieces than the parser was allowed to read.</summary>
    public bool Truncated { get; init; }

    /// <summary>The first plain (non-RFC 2231) value of a parameter, or null.</summary>
    public string? Get(string baseName)
    {
        foreach (var p in Parameters)
        {
            if (p.BaseName == baseName && p.Section is null && !p.Extended)
            {
                return p.Value;
            }
        }

        return null;
    }

    /// <summary>Number of plain definitions of a parameter (a boundary defined twice is an anomaly).</summary>
    public int Count(string baseName)
    {
        var n = 0;
        foreach (var p in Parameters)
        {
            if (p.BaseName == baseName && p.Section is null)
            {
                n++;
            }
        }

        return n;
    }
}

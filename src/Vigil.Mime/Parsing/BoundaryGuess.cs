using System.Text;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Finds the boundary a body really uses: the first "--X" line that is followed by a header field
/// and comes back (a second "--X" or a close "--X--"), as a client that splits a multipart by what
/// it sees would take it. One pass through the parser's bounded line reader; at most
/// <see cref="MaxCandidates"/> different lines are remembered.
/// </summary>
internal static class BoundaryGuess
{
    private const int MaxBoundaryLength = 250;
    private const int MaxCandidates = 32;

    public static string? Find(Stream body)
    {
        using var reader = new LineReader(body);
        var candidates = new List<Candidate>();
        Candidate? opened = null;
        var atLineStart = true;
        while (reader.ReadLine(out var line, out var complete))
        {
            var startsLine = atLineStart;
            atLineStart = complete;
            if (!startsLine)
            {
                continue;
            }

            if (opened is not null)
            {
                if (LooksLikeHeaderField(line))
                {
                    opened.HeaderFollows = true;
                }

                opened = null;
            }

            if (!complete || line.Length < 3 || line[0] != '-' || line[1] != '-')
            {
                continue;
            }

            var token = line[2..].TrimEnd(" \t\r\n"u8);
            if (token.IsEmpty || token.Length > MaxBoundaryLength + 2)
            {
                continue;
            }

            if (token.EndsWith("--"u8) && Lookup(candidates, token[..^2]) is { } closed)
            {
                closed.Closed = true;
            }
            else if (token.Length <= MaxBoundaryLength)
            {
                var candidate = Lookup(candidates, token);
                if (candidate is null && candidates.Count < MaxCandidates)
                {
                    candidate = new Candidate(token.ToArray());
                    candidates.Add(candidate);
                }

                if (candidate is not null)
                {
                    candidate.Opens++;
                    opened = candidate;
                }
            }
        }

        var best = candidates.Find(c => c.Qualifies);
        return best is null ? null : Encoding.Latin1.GetString(best.Token);
    }

    private static Candidate? Lookup(List<Candidate> candidates, ReadOnlySpan<byte> token)
    {
        foreach (var c in candidates)
        {
            if (token.SequenceEqual(c.Token))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>"Name:" with a field name of printable characters and no space before the colon.</summary>
    private static bool LooksLikeHeaderField(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || colon > 76)
        {
            return false;
        }

        foreach (var b in line[..colon])
        {
            if (b is <= 32 or >= 127)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Candidate(byte[] token)
    {
        public byte[] Token { get; } = token;

        public int Opens { get; set; }

        public bool Closed { get; set; }

        public bool HeaderFollows { get; set; }

        public bool Qualifies => HeaderFollows && (Opens >= 2 || Closed);
    }
}

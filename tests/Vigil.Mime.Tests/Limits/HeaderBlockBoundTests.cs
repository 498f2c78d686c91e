using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Tests.Limits;

/// <summary>
/// The fuzz shape that grew the process to 10.9 GB: one header block of more than 2 GB of
/// duplicated CRLF lines built from RFC 2231 pieces. The byte count used to wrap around at 2 GB
/// and the builder started collecting again.
/// </summary>
public sealed class HeaderBlockBoundTests
{
    [Fact]
    public void AHeaderBlockPastTwoGigabytesStaysWithinTheHeaderLimit()
    {
        var head = Encoding.ASCII.GetBytes("From: a@example.com\r\nSubject: big\r\n");
        var line = Encoding.ASCII.GetBytes("Content-Disposition: attachment; filename=" + string.Concat(Enumerable.Repeat(";x*0=\"a\"", 1000)) + "\r\n");
        var repeated = ((2L * 1024 * 1024 * 1024) / line.Length + 1000) * line.Length;
        var tail = Encoding.ASCII.GetBytes("\r\nbody\r\n");
        using var context = new AnalysisContext(AnalysisLimits.Default);

        var input = new RepeatingStream(head, line, repeated, tail);
        var root = MimeParser.Parse(input, context);

        Assert.Equal(input.Length, input.Position);
        Assert.Contains(context.Budget.Hits, h => h.Limit == LimitNames.HeaderBytes);
        var kept = root.Headers.Sum(h => (long)h.Name.Length + h.RawValue.Length);
        Assert.True(kept <= AnalysisLimits.Default.MaxHeaderBytes, $"{kept} header bytes kept");
    }
}

using Vigil.Mime.Headers;
using Vigil.Mime.Names;

namespace Vigil.Mime.Tests.Names;

public class FileNameResolverTests
{
    private static List<string> Names(string? disposition, string? contentType)
    {
        var d = disposition is null ? new List<ParsedHeaderValue>() : [HeaderValueParser.Parse(disposition)];
        var t = contentType is null ? new List<ParsedHeaderValue>() : [HeaderValueParser.Parse(contentType)];
        return FileNameResolver.Resolve(d, t, out _).Select(n => FileNameNormalizer.Normalize(n.Name)).ToList();
    }

    [Theory]
    [InlineData("attachment; filename*0=\"file.\"; filename*1=\"zip\"")]
    [InlineData("attachment; filename*1=zip; filename*0=file.")]
    [InlineData("attachment; filename*=UTF-8''file%2Ezip")]
    [InlineData("attachment; filename*0*=''file.; filename*1*=%7A%69%70; filename=file.png")]
    [InlineData("attachment; filename=\"=?UTF-8?B?ZmlsZS56aXA=?=\"")]
    [InlineData("attachment; filena()me=file.zip")]
    [InlineData("attachment; filename=file.z(.gif)ip")]
    [InlineData("attachment;filename ='file.zip'")]
    [InlineData("attachment; filename=\"file\\\".zip\"")]
    [InlineData("attachment; filename*1=file.; filename*2=zip")]
    public void FindsTheZipNameBehindEveryTrick(string disposition) =>
        Assert.Contains("file.zip", Names(disposition, null));

    [Fact]
    public void EveryOneOfManyDistinctNamesIsKeptOnceEach()
    {
        // The shape that took 13 s before the names were indexed: 100,000 filename parameters.
        var disposition = "attachment" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $";filename=\"a{i}.exe\"")) + ";filename=\"a7.exe\"";

        var names = Names(disposition, null);

        Assert.Equal(100_000, names.Count);
        Assert.Single(names, n => n == "a7.exe");
        Assert.Equal("a99999.exe", names[^1]);
    }

    [Fact]
    public void KeepsTheReadingOfANameSplitByAStraySemicolon() =>
        Assert.Contains(Names("attachment; filename=file;.zip", null), n => n.EndsWith(".zip", StringComparison.Ordinal));

    [Fact]
    public void JoinsContinuationsSpreadOverContentTypeAndDisposition()
    {
        var d = HeaderValueParser.Parse("attachment; filename*0=file.");
        var t = HeaderValueParser.Parse("application/octet-stream; filename*1=zip");
        var names = FileNameResolver.Resolve([d], [t], out var broken).Select(n => n.Name).ToList();
        Assert.Contains("file.zip", names);
    }

    [Fact]
    public void ParsesTheMediaTypeWithCommentsAndSpaces()
    {
        var v = HeaderValueParser.Parse(" Multipart/Mixed (a comment) ; boundary = \"x y\"");
        Assert.Equal("multipart/mixed", v.Token);
        Assert.Equal("x y", v.Get("boundary"));
        Assert.False(v.CommentInToken);
    }

    [Fact]
    public void CommentInsideTheMediaTypeIsNoted()
    {
        Assert.True(HeaderValueParser.Parse("application/(x)octet-stream").CommentInToken);
    }

    [Fact]
    public void EncodedWordsInAFoldedQuotedNameAreOneName()
    {
        var d = HeaderValueParser.Parse("attachment; filename=\t\"=?utf-8?B?0LTQvtC60YPQvNC10L3RgtGLINC00LvRjyDQvtGC0LTQ?=\t=?utf-8?B?tdC70LAg0LrQsNC00YDQvtCyLnBkZg==?=\"");
        var names = FileNameResolver.Resolve([d], [], out _);
        Assert.Equal("документы для отдела кадров.pdf", names.Single(n => n.Primary).Name);
    }
}

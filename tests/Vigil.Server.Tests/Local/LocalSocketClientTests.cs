using System.Buffers.Binary;
using System.Text;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Server.Local;
using Vigil.Testing;

namespace Vigil.Server.Tests.Local;

/// <summary>
/// The door's side of the socket: whatever the other end does (nothing there, nobody listening,
/// silence, garbage, a lying length), the client comes back with no reply and a reason, in
/// bounded time, never an exception: the door then judges the message itself.
/// </summary>
public sealed class LocalSocketClientTests
{
    private static readonly LocalClientTimeouts Short = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private static async Task<LocalAnswer> AskAsync(string path)
    {
        using var spool = SpooledMessage.Create();
        spool.Write(Encoding.ASCII.GetBytes("Subject: hi\n\nbody\n"));
        return await new LocalSocketClient(path, Short).AskAsync(new LocalRequest(LocalRequestKind.Process, new Envelope("a@example.org", ["b@example.net"])), spool);
    }

    [Fact]
    public async Task NoSocketFile()
    {
        using var dir = new TempDir();

        var answer = await AskAsync(Path.Combine(dir.Path, "missing.sock"));

        Assert.False(answer.Answered);
        Assert.NotEmpty(answer.Problem);
    }

    [Fact]
    public async Task NobodyListening()
    {
        using var dir = new TempDir();
        using var bound = new FakeLocalDaemon(Path.Combine(dir.Path, "dead.sock"), null, accept: false);

        var answer = await AskAsync(bound.Path);

        Assert.False(answer.Answered);
        Assert.Contains("refused", answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADaemonThatNeverAnswers()
    {
        using var dir = new TempDir();
        using var silent = new FakeLocalDaemon(Path.Combine(dir.Path, "silent.sock"), null);

        var answer = await AskAsync(silent.Path);

        Assert.False(answer.Answered);
        Assert.Contains("nothing read for 1 s", answer.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "not the Vigil local protocol")]
    [InlineData("huge", "a reply length of 4294967295")]
    [InlineData("short", "the reply ended early")]
    [InlineData("fields", "bad reply: malformed frame")]
    [InlineData("none", "closed the connection without a reply")]
    public async Task ADaemonThatAnswersWrong(string kind, string problem)
    {
        var answer = kind switch
        {
            "garbage" => "HTTP/1.0 200 OK\r\n\r\n"u8.ToArray(),
            "huge" => Head(uint.MaxValue),
            "short" => [.. Head(100), 0, 0],
            "fields" => [.. Head(3), 0, 0, 0],
            _ => [],
        };
        using var dir = new TempDir();
        using var wrong = new FakeLocalDaemon(Path.Combine(dir.Path, "wrong.sock"), answer);

        var result = await AskAsync(wrong.Path);

        Assert.False(result.Answered);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    private static byte[] Head(uint length)
    {
        var head = new byte[8];
        LocalProtocol.Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), length);
        return head;
    }
}

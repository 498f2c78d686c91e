using Vigil.Mime.Spooling;

namespace Vigil.Engine.Gateway;

/// <summary>
/// A message spooled once: in memory up to the gateway's threshold, else in a private temp file
/// (made only then). A door that streams (SMTP DATA) writes into it itself; the others let the
/// gateway fill it from their input stream. Disposing removes the temp file.
/// </summary>
public sealed class SpooledMessage : IDisposable
{
    private readonly ScratchDirectory _scratch;

    internal SpooledMessage(int memoryThreshold)
    {
        _scratch = ScratchDirectory.InSystemTemp("vigil-spool-");
        Content = new ContentSpool(_scratch, memoryThreshold);
    }

    /// <summary>An empty spool for a door that has no gateway yet (it may ask `vigil serve` first); the same threshold as <see cref="GatewaySettings.SpoolMemoryThreshold"/>.</summary>
    public static SpooledMessage Create(int memoryThreshold = 1024 * 1024) => new(memoryThreshold);

    public ContentSpool Content { get; }

    public long Length => Content.Length;

    /// <summary>Appends bytes; throws <see cref="SpoolWriteException"/> when the disk refuses them.</summary>
    public void Write(ReadOnlySpan<byte> data) => Content.Write(data);

    /// <summary>Copies <paramref name="input"/> to its end.</summary>
    public async Task CopyFromAsync(Stream input, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await input.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            Content.Write(buffer.AsSpan(0, n));
        }
    }

    public Stream OpenRead() => Content.OpenRead();

    public void Dispose()
    {
        Content.Dispose();
        _scratch.Dispose();
    }
}

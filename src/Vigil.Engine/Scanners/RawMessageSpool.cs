using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners;

/// <summary>
/// The raw message kept for the scanners that want it, copied as the parser reads the input (a
/// pipe cannot be read twice), or read whole first (<see cref="ReadAll"/>) so the raw scans can
/// start before the parser does. Small messages stay in memory; large ones go to a private temp
/// file removed on dispose.
/// </summary>
public sealed class RawMessageSpool : IDisposable
{
    private readonly ScratchDirectory _scratch;
    private TeeReadStream? _tee;

    public RawMessageSpool(int memoryThreshold, string? scratchRoot = null)
    {
        _scratch = new ScratchDirectory(scratchRoot);
        Content = new ContentSpool(_scratch, memoryThreshold);
    }

    /// <summary>The raw bytes read so far (all of them after <see cref="Complete"/>).</summary>
    public ContentSpool Content { get; }

    /// <summary>The input as the parser should read it: every byte it reads is copied here too.</summary>
    public Stream Wrap(Stream input) => _tee = new TeeReadStream(input, Content);

    /// <summary>
    /// Reads the whole input into <see cref="Content"/> and returns a stream over the copy for the
    /// parser: one copy of each byte, as with <see cref="Wrap"/>, but the raw message is complete
    /// before parsing starts.
    /// </summary>
    public Stream ReadAll(Stream input)
    {
        Content.WriteFrom(input);
        return Content.OpenRead();
    }

    /// <summary>Copies whatever the parser left unread, so the scanners see the whole message.</summary>
    public void Complete() => _tee?.Drain();

    public void Dispose()
    {
        Content.Dispose();
        _scratch.Dispose();
    }
}

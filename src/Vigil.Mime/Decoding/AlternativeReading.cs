using System.Buffers;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The content of a second reading of a part's body (quoted-printable or base64 as another
/// decoder reads it), spooled within the message's decoded-bytes budget and added to the part as
/// the child "&lt;part&gt;/SUFFIX" with the part's type, encoding and names. Until the readings
/// first differ they are equal, so a reading starts as a copy of what the part holds.
/// </summary>
internal sealed class AlternativeReading(Entity part, AnalysisContext context, string pathSuffix) : IDisposable
{
    private ContentSpool? _spool;

    /// <summary>Whether the reading has begun (<see cref="Start"/>).</summary>
    public bool Started => _spool is not null;

    /// <summary>Whether the budget ran out: nothing more is kept and no child is added.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Begins the reading with the part's first <paramref name="prefixLength"/> decoded bytes (all of them with <see cref="long.MaxValue"/>).</summary>
    public void Start(long prefixLength)
    {
        _spool = context.NewSpool();
        if (prefixLength == 0 || part.Content is not { } content)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var source = content.OpenRead();
            var left = prefixLength;
            while (left > 0 && !Stopped)
            {
                var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n <= 0)
                {
                    break;
                }

                Store(buffer.AsSpan(0, n));
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Store(ReadOnlySpan<byte> decoded)
    {
        if (decoded.IsEmpty || Stopped)
        {
            return;
        }

        if (!context.Budget.TryAddDecoded(decoded.Length, part.Path))
        {
            Stopped = true;
            return;
        }

        _spool!.Write(decoded);
    }

    /// <summary>Adds the reading to the part, when it began, did not stop and the parts budget allows.</summary>
    public void AddToPart()
    {
        if (_spool is null || Stopped)
        {
            return;
        }

        var path = part.MemberPath(pathSuffix, 0);
        if (!context.Budget.TryAddPart(path))
        {
            return;
        }

        part.AddAlternativeReading(path, _spool);
        _spool = null;
    }

    public void Dispose()
    {
        _spool?.Dispose();
        _spool = null;
    }
}

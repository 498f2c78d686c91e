using System.Buffers;
using System.Text;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// Reads a program's output stream to its end, keeping only the first bytes: a scanner that
/// prints without end must neither fill our memory nor block on a full pipe.
/// </summary>
internal static class BoundedOutput
{
    public static async Task<string> ReadAsync(Stream stream, int limit)
    {
        // Room past the limit to read into and drop, so the kept bytes are never overwritten.
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 4096);
        var kept = 0;
        try
        {
            while (true)
            {
                // Past the limit the rest of the buffer is scratch: read and drop.
                var target = kept < limit ? buffer.AsMemory(kept, limit - kept) : buffer.AsMemory(limit);
                int read;
                try
                {
                    read = await stream.ReadAsync(target).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                if (kept < limit)
                {
                    kept += read;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, kept);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

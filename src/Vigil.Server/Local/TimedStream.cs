namespace Vigil.Server.Local;

/// <summary>
/// Reads and writes on a connection with a bound on every single read and write: a peer that
/// stalls makes the call end with <see cref="TimeoutException"/> instead of waiting forever.
/// </summary>
internal sealed class TimedStream(Stream inner, TimeSpan readTimeout, TimeSpan writeTimeout)
{
    /// <summary>Fills <paramref name="buffer"/>; the bytes read (fewer only when the peer closed).</summary>
    public async Task<int> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken cancellation)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await ReadAsync(buffer[total..], cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(readTimeout);
        try
        {
            return await inner.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"nothing read for {readTimeout.TotalSeconds:0.#} s");
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(writeTimeout);
        try
        {
            await inner.WriteAsync(data, timer.Token).ConfigureAwait(false);
            await inner.FlushAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"nothing written for {writeTimeout.TotalSeconds:0.#} s");
        }
    }
}

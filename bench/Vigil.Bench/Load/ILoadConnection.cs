namespace Vigil.Bench.Load;

/// <summary>One worker's way to the target: sends message <c>index</c> and returns the target's final reply.</summary>
public interface ILoadConnection : IAsyncDisposable
{
    ValueTask<LoadOutcome> SendAsync(int index, CancellationToken cancellationToken);
}

namespace Vigil.Engine.Scanners;

/// <summary>
/// The step one request to a scanner daemon is in, and the step's timer: entering a phase re-arms
/// the timer with the read timeout (CancelAfter reschedules), so silence is measured per step.
/// </summary>
internal sealed class ExchangeStep(CancellationTokenSource timer, TimeSpan read)
{
    public ExchangePhase Phase { get; private set; } = ExchangePhase.Connect;

    /// <summary>The step's timer, for senders and readers that re-arm it after every chunk.</summary>
    public CancellationTokenSource Timer => timer;

    public CancellationToken Token => timer.Token;

    public void Enter(ExchangePhase phase)
    {
        Phase = phase;
        timer.CancelAfter(read);
    }
}

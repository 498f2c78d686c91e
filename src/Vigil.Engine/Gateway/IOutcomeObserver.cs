namespace Vigil.Engine.Gateway;

/// <summary>
/// Told of every processed message after its dispositions (the store, metrics). Called on the mail
/// path: an observer must not block or throw; it enqueues into a bounded queue and returns.
/// </summary>
public interface IOutcomeObserver
{
    void Observe(OutcomeReport report);
}

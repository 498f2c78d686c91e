namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>Hands a released message back to the mail system for the original recipients.</summary>
public interface IReinjector
{
    /// <param name="message">The original message, without Vigil's added headers.</param>
    /// <param name="sender">The envelope sender ("" for the null sender).</param>
    /// <param name="recipients">The original envelope recipients (at least one).</param>
    Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken);
}

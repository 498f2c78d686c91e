namespace Vigil.Engine.Scanners;

/// <summary>Where a request to a scanner daemon was when it failed: the error text names it.</summary>
public enum ExchangePhase
{
    Connect,
    Send,
    Reply,
}

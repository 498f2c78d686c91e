namespace Vigil.Store.Reading;

/// <summary>What a hit list counts by.</summary>
public enum HitColumn
{
    Sender,
    Recipient,
    ClientIp,
}

namespace Vigil.Server.Smtp;

/// <summary>Counts open sessions in total and per client address; a listener refuses past either bound.</summary>
public sealed class ConnectionLimiter(int maxTotal, int maxPerAddress)
{
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>True (and counted) when one more session from <paramref name="address"/> is allowed; release it with <see cref="Release"/>.</summary>
    public bool TryAcquire(string address)
    {
        lock (_perAddress)
        {
            _perAddress.TryGetValue(address, out var count);
            if (_total >= maxTotal || count >= maxPerAddress)
            {
                return false;
            }

            _perAddress[address] = count + 1;
            _total++;
            return true;
        }
    }

    public void Release(string address)
    {
        lock (_perAddress)
        {
            _total--;
            if (_perAddress.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(address);
                }
                else
                {
                    _perAddress[address] = count - 1;
                }
            }
        }
    }

    public int Open
    {
        get
        {
            lock (_perAddress)
            {
                return _total;
            }
        }
    }
}

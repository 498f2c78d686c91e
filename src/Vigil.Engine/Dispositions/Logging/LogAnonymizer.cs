using System.Security.Cryptography;
using System.Text;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Hides who wrote to whom in the message log while keeping the log useful: the local part of an
/// address is replaced by the first 12 hex digits of HMAC-SHA256(key, lower-cased local part),
/// the domain is kept ("jdoe@example.com" → "3f9a0c1b2d4e@example.com"). The same address gives
/// the same token under one key, so counts per sender still work; without the key a token cannot
/// be checked against a guessed address list (which a plain hash would allow). Change the key to
/// unlink old logs from new ones. The null sender stays "&lt;&gt;".
/// </summary>
public sealed class LogAnonymizer
{
    private readonly byte[] _key;

    /// <param name="key">At least 16 bytes of secret; keep it out of the log directory.</param>
    public LogAnonymizer(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("an anonymisation key needs at least 16 bytes", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>A key made from the text of a key file (its UTF-8 bytes; at least 16).</summary>
    public static LogAnonymizer? FromText(string? keyText) =>
        keyText is null || Encoding.UTF8.GetByteCount(keyText.Trim()) < 16 ? null : new LogAnonymizer(Encoding.UTF8.GetBytes(keyText.Trim()));

    public string Address(string? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.Length == 0 || address == "<>")
        {
            return "<>";
        }

        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var token = Token(local);
        return at < 0 ? token : token + address[at..];
    }

    private string Token(string local)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(local.ToLowerInvariant()), mac);
        return Convert.ToHexStringLower(mac[..6]);
    }
}

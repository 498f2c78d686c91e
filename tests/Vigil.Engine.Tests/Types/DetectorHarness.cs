using Vigil.Engine.Analysis.Types;
using Vigil.Mime.Model;

namespace Vigil.Engine.Tests.Types;

/// <summary>Calls the detector the way the pipeline does: the spool's head, its length, and a way to open it.</summary>
internal static class DetectorHarness
{
    public static DetectedType Detect(byte[] content, bool canOpen = true) =>
        ContentTypeDetector.Detect(
            content.AsSpan(0, Math.Min(content.Length, ContentTypeDetector.HeadSize)),
            content.Length,
            canOpen ? () => new MemoryStream(content, writable: false) : null);

    public static DetectedType Detect(string text) => Detect(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Bytes from a hex string with optional spaces ("4D 5A 90").</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary><paramref name="prefix"/> followed by zeros up to <paramref name="length"/> bytes.</summary>
    public static byte[] Padded(ReadOnlySpan<byte> prefix, int length)
    {
        var bytes = new byte[Math.Max(length, prefix.Length)];
        prefix.CopyTo(bytes);
        return bytes;
    }
}

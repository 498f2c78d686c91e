using System.Text;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Install;

/// <summary>Finds the quarantine file of a test mail by the marker in its Message-ID.</summary>
public static class QuarantineProbe
{
    private const int MaxFilesLooked = 10_000;
    private const int MaxBytesRead = 256 * 1024;

    /// <summary>The folder and file holding <paramref name="marker"/>, written since <paramref name="since"/>; nulls when none.</summary>
    public static (string? Folder, string? File) Find(string root, string marker, DateTime since)
    {
        var needle = Encoding.ASCII.GetBytes(marker);
        var buffer = new byte[MaxBytesRead];
        var looked = 0;
        foreach (var folder in QuarantineFolder.All)
        {
            var dir = Path.Combine(root, folder, "new");
            if (!Directory.Exists(dir))
            {
                continue;
            }

            try
            {
                foreach (var file in Directory.EnumerateFiles(dir))
                {
                    if (++looked > MaxFilesLooked)
                    {
                        return (null, null);
                    }

                    if (File.GetLastWriteTimeUtc(file) < since)
                    {
                        continue;
                    }

                    int n;
                    using (var stream = File.OpenRead(file))
                    {
                        n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                    }

                    if (buffer.AsSpan(0, n).IndexOf(needle) >= 0)
                    {
                        return (folder, file);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder we may not read is reported as "not found", which the check then flags.
            }
        }

        return (null, null);
    }
}

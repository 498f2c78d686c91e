using System.Text;
using Vigil.Store.Model;

namespace Vigil.Store.Writing;

/// <summary>
/// Where rows go that the database did not take: one JSON line per row (<see cref="RowJson"/>)
/// appended to the spill file beside the database, each row in one write(2) on an O_APPEND file
/// so that doors spilling at once do not interleave; when even that file cannot be written, the
/// line goes to the door's log (stderr, which multilog keeps) behind "vigil: store row: ".
/// </summary>
public sealed class SpillLog(string path, TextWriter? fallback)
{
    public const string FallbackPrefix = "vigil: store row: ";

    private readonly object _lock = new();
    private bool _fileFailed;

    /// <summary>The spill file, or "the log" once the file failed.</summary>
    public string Where => _fileFailed ? "the log (stderr)" : path;

    public void Write(IReadOnlyList<StoreRow> rows)
    {
        lock (_lock)
        {
            foreach (var row in rows)
            {
                var line = RowJson.Write(row);
                if (!_fileFailed && TryAppend(line))
                {
                    continue;
                }

                _fileFailed = true;
                try
                {
                    fallback?.WriteLine(FallbackPrefix + line);
                }
                catch (IOException)
                {
                    // Nowhere left: the mail still goes on (it is in the message log already).
                }
            }
        }
    }

    private bool TryAppend(string line)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            file.Write(bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}

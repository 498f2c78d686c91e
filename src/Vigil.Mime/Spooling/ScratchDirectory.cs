namespace Vigil.Mime.Spooling;

/// <summary>
/// A private directory (mode 0700) for the temp files of one analysis, created on first use and
/// removed with everything in it on dispose. File names are generated counters: nothing taken
/// from a message (an attachment name, say) ever becomes part of a path.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    private readonly string _root;
    private readonly string? _tempPrefix;
    private string? _path;
    private int _counter;

    /// <param name="root">Parent directory; defaults to the system temp directory.</param>
    public ScratchDirectory(string? root = null)
        : this(root, null)
    {
    }

    private ScratchDirectory(string? root, string? tempPrefix)
    {
        _root = root ?? System.IO.Path.GetTempPath();
        _tempPrefix = tempPrefix;
    }

    /// <summary>
    /// A door's work directory: <paramref name="prefix"/> and six random letters or digits in the
    /// system temp directory (mkdtemp(3), mode 0700), the names `vigil cleanup` knows to remove
    /// after a kill -9. Created only when a file is needed, so a message that fits in memory costs
    /// no directory at all.
    /// </summary>
    public static ScratchDirectory InSystemTemp(string prefix) => new(null, prefix);

    /// <summary>The directory, if any file was ever created in it.</summary>
    public string? Path => _path;

    /// <summary>Creates a new empty file with a generated name and returns it open for read and write.</summary>
    public FileStream CreateFile()
    {
        _path ??= CreateDirectory();
        var file = System.IO.Path.Combine(_path, $"e{Interlocked.Increment(ref _counter):D6}");
        return new FileStream(
            file,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.Read,
            bufferSize: 0,
            FileOptions.DeleteOnClose);
    }

    public void Dispose()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere is removed by DeleteOnClose when it closes.
        }
        catch (UnauthorizedAccessException)
        {
        }

        _path = null;
    }

    private string CreateDirectory()
    {
        if (_tempPrefix is not null)
        {
            return Directory.CreateTempSubdirectory(_tempPrefix).FullName;
        }

        var name = System.IO.Path.Combine(_root, $"vigil-{Environment.ProcessId}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(name);
        }
        else
        {
            Directory.CreateDirectory(name, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return name;
    }
}

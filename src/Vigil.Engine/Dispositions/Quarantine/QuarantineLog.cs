using System.Globalization;
using System.Text;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// quarantine.log in the quarantine root: one tab-separated line per event, Qmail-Scanner style,
/// for post-processing:
/// <code>time  id  folder  verdict  rule  sender  recipients  client-ip  subject</code>
/// time is ISO 8601 UTC; recipients are comma-separated; the null sender is "&lt;&gt;"; every
/// field is sanitised (no TAB, CR, LF). A release is logged with the verdict "released". Lines
/// are appended under an exclusive lock (a process-wide lock, plus an advisory file lock against
/// other Vigil processes, retried briefly) and written with one write each, so concurrent doors
/// never interleave.
/// </summary>
public sealed class QuarantineLog
{
    public const string FileName = "quarantine.log";

    private static readonly Lock Gate = new();
    private readonly string _path;

    public QuarantineLog(string root)
    {
        _path = Path.Combine(root, FileName);
    }

    public string FilePath => _path;

    /// <summary>Formats one line (with its LF) from raw fields; each is sanitised here.</summary>
    public static string Format(DateTimeOffset time, string id, string folder, string verdict, string rule, string? sender, IReadOnlyList<string> recipients, string? clientIp, string subject)
    {
        var sb = new StringBuilder(256);
        sb.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\t')
            .Append(Field(id)).Append('\t')
            .Append(Field(folder)).Append('\t')
            .Append(Field(verdict)).Append('\t')
            .Append(Field(rule)).Append('\t')
            .Append(sender is null ? "" : sender.Length == 0 || sender == "<>" ? "<>" : Field(sender)).Append('\t');
        for (var i = 0; i < recipients.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(recipients[i]));
        }

        sb.Append('\t').Append(Field(clientIp)).Append('\t').Append(Field(subject)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Appends one line; throws IOException when the log cannot be written.</summary>
    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (Gate)
        {
            using var stream = OpenLocked();
            stream.Seek(0, SeekOrigin.End);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    private static string Field(string? value) => HeaderValueSanitizer.Sanitize(value, 2000);

    private FileStream OpenLocked()
    {
        // FileShare.None takes an advisory lock (flock) on Unix; another process holding it makes
        // the open fail, so wait a little and retry, bounded.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    BufferSize = 0,
                };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                var stream = new FileStream(_path, options);
                SharedDirectory.ShareFile(_path);
                return stream;
            }
            catch (IOException) when (attempt < 200 && File.Exists(_path))
            {
                Thread.Sleep(10 + Random.Shared.Next(20));
            }
        }
    }
}

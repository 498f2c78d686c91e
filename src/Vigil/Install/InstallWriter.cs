using System.Text;

namespace Vigil.Install;

/// <summary>
/// Writes an <see cref="InstallPlan"/> under its staging root. An existing file is never replaced
/// unless forced; each file is written beside its target and renamed into place, so a reader sees
/// the old file or the new one, never half of one. Every step is reported in one line.
/// </summary>
public sealed class InstallWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TextWriter _report;

    public InstallWriter(TextWriter report)
    {
        _report = report;
    }

    /// <summary>Applies the plan; returns the number of steps that failed (0: all written or skipped).</summary>
    public int Apply(InstallPlan plan, bool force)
    {
        var failures = 0;
        var layout = plan.Layout;
        foreach (var dir in plan.Directories)
        {
            var staged = layout.Staged(dir);
            try
            {
                if (!Directory.Exists(staged))
                {
                    Directory.CreateDirectory(staged);
                    _report.WriteLine($"created {staged}/");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _report.WriteLine($"FAILED  {staged}/: {e.Message}");
                failures++;
            }
        }

        foreach (var file in plan.Files)
        {
            var staged = layout.Staged(file.Path);
            try
            {
                if (File.Exists(staged) && !force)
                {
                    _report.WriteLine($"skipped {staged} (exists; --force replaces it)");
                    continue;
                }

                Write(staged, file, force);
                _report.WriteLine($"wrote   {staged} ({file.Purpose})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _report.WriteLine($"FAILED  {staged}: {e.Message}");
                failures++;
            }
        }

        return failures;
    }

    private static void Write(string path, InstallFile file, bool force)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".vigil-install." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = Utf8.GetBytes(file.Content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
                if (file.Executable)
                {
                    mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
                }

                File.SetUnixFileMode(temp, mode);
            }

            // Without force the move refuses an existing target, so a file that appeared meanwhile is kept.
            File.Move(temp, path, overwrite: force);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

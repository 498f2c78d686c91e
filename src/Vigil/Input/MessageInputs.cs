using Vigil.Mime.Spooling;

namespace Vigil.Input;

/// <summary>
/// Turns the command line's PATH arguments into messages: a message file, a directory of
/// messages or a Maildir (cur/ and new/, never tmp/), an mbox file (split at "From " lines), or
/// "-" for standard input. Unreadable paths are reported, not thrown.
/// </summary>
public static class MessageInputs
{
    public static IEnumerable<MessageInput> Expand(string path, Action<string> error)
    {
        if (path == "-")
        {
            yield return new MessageInput("stream", Console.OpenStandardInput);
            yield break;
        }

        if (Directory.Exists(path))
        {
            foreach (var file in EnumerateDirectory(path, error))
            {
                yield return FromFile(file);
            }

            yield break;
        }

        if (!File.Exists(path))
        {
            error($"{path}: No such file or directory");
            yield break;
        }

        if (MboxSplitter.LooksLikeMbox(path))
        {
            var index = 0;
            foreach (var (start, length) in MboxSplitter.Split(path))
            {
                index++;
                yield return new MessageInput($"{path}:{index}", () => new WindowStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan), start, length, ownsInner: true));
            }

            yield break;
        }

        yield return FromFile(path);
    }

    private static MessageInput FromFile(string file) =>
        new(file, () => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));

    private static List<string> EnumerateDirectory(string dir, Action<string> error)
    {
        var files = new List<string>();
        var isMaildir = Directory.Exists(Path.Combine(dir, "cur")) && Directory.Exists(Path.Combine(dir, "new"));
        try
        {
            if (isMaildir)
            {
                // Maildir readers ignore names starting with a dot; so do we.
                foreach (var sub in new[] { "cur", "new" })
                {
                    files.AddRange(Directory.EnumerateFiles(Path.Combine(dir, sub)).Where(f => !Path.GetFileName(f).StartsWith('.')));
                }
            }
            else
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden };
                files.AddRange(Directory.EnumerateFiles(dir, "*", options));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error($"{dir}: {e.Message}");
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}

using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// States the shared quarantine could not take when a release ended (the database went away
/// after the row was marked 'releasing'): one small file per message under the quarantine root's
/// `.pending/`, named by its id and holding the state (released or waiting) and the release's
/// claim token, applied by <see cref="QuarantineSync"/> only to a row still 'releasing' under
/// that claim and then removed (a row settled or claimed again since is left as it is). The row
/// is 'releasing' meanwhile, so no node sends the message again. A file without a token (written
/// before claims had one) applies only to a row without one.
/// </summary>
public static class PendingStates
{
    public const string FolderName = ".pending";

    /// <summary>Pending states applied per sync at most.</summary>
    public const int MaxFiles = 10_000;

    private const int MaxBytes = 128;

    /// <summary>Writes the state of <paramref name="id"/> for the claim <paramref name="claim"/>; false (and <paramref name="error"/>) when it cannot.</summary>
    public static bool Write(string root, string id, string state, string claim, out string? error)
    {
        error = null;
        try
        {
            var dir = Path.Combine(root, FolderName);
            Directory.CreateDirectory(dir);
            var tmp = Path.Combine(dir, "." + id + ".tmp");
            File.WriteAllText(tmp, $"{state} {claim}");
            File.Move(tmp, Path.Combine(dir, id), overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The pending states (id, state, claim token or null) under <paramref name="root"/>; anything else in the folder is skipped.</summary>
    public static IReadOnlyList<(string Id, string State, string? Claim)> Read(string root)
    {
        var dir = Path.Combine(root, FolderName);
        var list = new List<(string, string, string?)>();
        if (!Directory.Exists(dir))
        {
            return list;
        }

        foreach (var path in Directory.EnumerateFiles(dir).Take(MaxFiles))
        {
            var id = Path.GetFileName(path);
            if (!MaildirName.IsValidId(id))
            {
                continue;
            }

            try
            {
                using var stream = File.OpenRead(path);
                var buffer = new byte[MaxBytes];
                var n = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
                var words = System.Text.Encoding.ASCII.GetString(buffer, 0, n).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words is [SharedEntry.Released or SharedEntry.Waiting, ..] && words.Length <= 2)
                {
                    list.Add((id, words[0], words.Length == 2 ? words[1] : null));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile (another sync applied it).
            }
        }

        return list;
    }

    /// <summary>Removes the pending state of <paramref name="id"/> once applied.</summary>
    public static void Remove(string root, string id) => File.Delete(Path.Combine(root, FolderName, id));
}

using System.Text;
using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors.Socket;

/// <summary>The mail both paths (daemon and in-process) are run on: corpus samples and Vigil's own test mail.</summary>
internal static class SocketCorpus
{
    private const string EicarText = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public static string Eicar { get; } =
        "From: a@example.org\nTo: b@example.net\nSubject: test\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/octet-stream; name=\"readme.txt\"\n" +
        "Content-Transfer-Encoding: base64\n\n" + Convert.ToBase64String(Encoding.ASCII.GetBytes(EicarText)) + "\n--b--\n";

    /// <summary>Name and bytes of each message: SpamAssassin ham and spam, mime-is-broken's hostile MIME, EICAR, a banned name, clean text.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Messages(int perFolder)
    {
        foreach (var folder in new[] { new[] { "spamassassin", "nice" }, ["spamassassin", "spam"], ["mime-is-broken", "hide-content-sample"], ["mime-is-broken", "hide-filename"] })
        {
            var dir = TestPaths.Corpus(folder);
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal).Take(perFolder))
            {
                yield return (string.Join('/', folder) + "/" + Path.GetFileName(file), File.ReadAllBytes(file));
            }
        }

        yield return ("eicar", Encoding.ASCII.GetBytes(Eicar));
        yield return ("banned-exe", Encoding.ASCII.GetBytes(Samples.BannedExe));
        yield return ("clean", Encoding.ASCII.GetBytes(Samples.Clean));
    }
}

namespace Vigil.Tests.Cli;

/// <summary>Small messages for the command-line tests.</summary>
internal static class Samples
{
    public const string Clean = "From: a@example.org\nTo: b@example.net\nSubject: hello\n\nJust text.\n";

    public const string BannedExe =
        "From: a@example.org\nSubject: update\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nrun it\n--b\nContent-Type: application/octet-stream; name=\"update.exe\"\n" +
        "Content-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n";

    public const string ZipAttachment =
        "From: a@example.org\nSubject: files\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: application/zip; name=\"files.zip\"\nContent-Transfer-Encoding: base64\n\nUEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\n--b--\n";
}

namespace Vigil.Web.Tests;

/// <summary>The test mail: an EICAR attachment (found by the real clamd) and a banned .exe (the built-in policy).</summary>
internal static class MailSamples
{
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    public static string Eicar(string from, string subject) =>
        $"From: {from}\nSubject: {subject}\nMessage-ID: <{Guid.NewGuid():N}@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/octet-stream; name=\"eicar.com\"\n" +
        $"Content-Transfer-Encoding: base64\n\n{EicarBase64}\n--b--\n";

    public static string BannedExe(string from, string subject, string body = "run it") =>
        $"From: {from}\nSubject: {subject}\nMessage-ID: <{Guid.NewGuid():N}@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        $"--b\nContent-Type: text/plain\n\n{body}\n--b\nContent-Type: application/octet-stream; name=\"update.exe\"\n" +
        "Content-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n";
}

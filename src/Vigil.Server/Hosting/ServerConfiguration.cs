using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Engine.Policy.Control;
using Vigil.Server.Access;
using Vigil.Server.Relay;

namespace Vigil.Server.Hosting;

/// <summary>
/// The listener settings read from the control directory (the engine reads its own policy files):
/// `smtproutes`, `tcp.smtp`, `rcpthosts`, `morercpthosts` and `rcptprofiles`. Immutable: a reload makes a new one,
/// and a session keeps the one it started with.
/// </summary>
public sealed record ServerConfiguration(SmtpRoutes Routes, AccessRules Access, RecipientHosts RecipientHosts, RecipientProfiles Profiles)
{
    /// <summary>qmail's TLS patch's name: the certificate (chain) and, unless <see cref="KeyFile"/> holds it, its private key, in PEM.</summary>
    public const string CertificateFile = "servercert.pem";

    public const string KeyFile = "serverkey.pem";

    /// <summary>The STARTTLS certificate; null when the control directory has none (STARTTLS is not offered).</summary>
    public X509Certificate2? Certificate { get; init; }

    public const string RoutesFile = "smtproutes";
    public const string AccessFile = "tcp.smtp";
    public const string RecipientHostsFile = "rcpthosts";
    public const string MoreRecipientHostsFile = "morercpthosts";

    /// <summary>Every file name read here (the engine's unknown-file audit must not warn about them).</summary>
    public static IReadOnlyList<string> FileNames { get; } = [RoutesFile, AccessFile, RecipientHostsFile, MoreRecipientHostsFile, RecipientProfiles.FileName, CertificateFile, KeyFile, ServeFile.FileName];

    /// <summary>Reads the files; a file with errors gives the errors and no configuration.</summary>
    /// <param name="relayTls">STARTTLS towards routes without their own `tls=` (the serve file's `relaytls=`).</param>
    public static (ServerConfiguration? Configuration, List<string> Errors) Load(string? controlDirectory, NextHop? fallbackRelay, RelayTls relayTls = RelayTls.May)
    {
        var errors = new List<string>();
        var routes = SmtpRoutes.Parse([], RoutesFile, fallbackRelay, relayTls).Routes;
        var access = AccessRules.Empty;
        var hosts = RecipientHosts.Everyone;
        var profiles = RecipientProfiles.None;
        X509Certificate2? certificate = null;
        if (controlDirectory is not null)
        {
            if (ReadLines(controlDirectory, RoutesFile, errors) is { } routeLines)
            {
                (routes, var e) = SmtpRoutes.Parse(routeLines, RoutesFile, fallbackRelay, relayTls);
                errors.AddRange(e);
            }

            if (ReadLines(controlDirectory, AccessFile, errors) is { } accessLines)
            {
                (access, var e) = AccessRules.Parse(accessLines, AccessFile);
                errors.AddRange(e);
            }

            var rcpt = ReadLines(controlDirectory, RecipientHostsFile, errors);
            var more = ReadLines(controlDirectory, MoreRecipientHostsFile, errors);
            if (rcpt is not null || more is not null)
            {
                hosts = RecipientHosts.From([.. rcpt ?? [], .. more ?? []]);
            }

            if (ReadLines(controlDirectory, RecipientProfiles.FileName, errors) is { } profileLines)
            {
                (profiles, var e) = RecipientProfiles.Parse(profileLines);
                errors.AddRange(e);
            }

            certificate = LoadCertificate(controlDirectory, errors);
        }

        return errors.Count > 0 ? (null, errors) : (new ServerConfiguration(routes, access, hosts, profiles) { Certificate = certificate }, errors);
    }

    private static X509Certificate2? LoadCertificate(string directory, List<string> errors)
    {
        var certPath = Path.Combine(directory, CertificateFile);
        if (!File.Exists(certPath))
        {
            if (File.Exists(Path.Combine(directory, KeyFile)))
            {
                // A key without its certificate is a half-done STARTTLS set-up, not a choice to go without.
                errors.Add($"{KeyFile}: there is no {CertificateFile} for it (STARTTLS needs the certificate)");
            }

            return null;
        }

        var keyPath = Path.Combine(directory, KeyFile);
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certPath, File.Exists(keyPath) ? keyPath : null);
            if (!certificate.HasPrivateKey)
            {
                errors.Add($"{CertificateFile}: no private key (put it in {CertificateFile} or {KeyFile})");
                return null;
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add($"{CertificateFile}: {e.Message}");
            return null;
        }
    }

    private static List<ControlLine>? ReadLines(string directory, string name, List<string> errors)
    {
        var path = Path.Combine(directory, name);
        try
        {
            // A control file is small; one bigger than this is a mistake, not a policy.
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > 16 * 1024 * 1024)
            {
                errors.Add($"{name}: larger than 16 MB");
                return null;
            }

            // Numbered and without blank or comment lines, as every control file is read.
            return ControlFileReader.Split(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{name}: {e.Message}");
            return null;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster of the test's own (Debian's postgresql-15, installed by
/// scripts/postgres.sh): initdb into a temp directory as the 'postgres' user (initdb refuses root),
/// started on a free loopback port with trust authentication, one database made, stopped and
/// removed on dispose. Its test-speed settings (fsync off) are for throwaway clusters only.
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;

    public PrivatePostgres(string database = "vigil")
    {
        _dir = Path.Combine(Path.GetTempPath(), "vigil-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Run("chown", "postgres:postgres", _dir);
        Port = FreePort();
        AsPostgres($"{Bin}/initdb", "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Start();
        AsPostgres($"{Bin}/createdb", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", database);
        Url = $"postgres://postgres@127.0.0.1:{Port}/{database}";
    }

    public int Port { get; }

    /// <summary>The store= value for this cluster's database.</summary>
    public string Url { get; }

    private string Data => Path.Combine(_dir, "data");

    public void Start() =>
        AsPostgres($"{Bin}/pg_ctl", "-D", Data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "start", "-o",
            $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    public void Stop() => AsPostgres($"{Bin}/pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                Stop();
            }
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static void AsPostgres(params string[] args) => Run("runuser", ["-u", "postgres", "--", .. args]);

    private static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit {p.ExitCode}: {output.Result}{error.Result} (is postgresql-15 installed? scripts/postgres.sh install)");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

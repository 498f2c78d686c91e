using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Vigil.Engine.Gateway;

namespace Vigil.Server.Hosting;

/// <summary>
/// Reloads the listener configuration on SIGHUP (the daemontools/systemd `reload`) and shortly
/// after a file in the control directory changes (several writes in a row make one reload).
/// </summary>
public sealed class ReloadService(ServerConfigurationSource source, ServeOptions options, MailGateway gateway) : IHostedService, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private PosixSignalRegistration? _hangUp;
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Handled: SIGHUP's default action would end the process.
            context.Cancel = true;
            source.Reload("SIGHUP");
        });
        _debounce = new Timer(_ => source.Reload("control directory changed"));
        if (options.ControlDirectory is { } dir && Directory.Exists(dir))
        {
            _watcher = new FileSystemWatcher(dir) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += Changed;
            _watcher.Created += Changed;
            _watcher.Deleted += Changed;
            _watcher.Renamed += Changed;
            _watcher.EnableRaisingEvents = true;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        _hangUp = null;
        _watcher?.Dispose();
        _watcher = null;
        _debounce?.Dispose();
        _debounce = null;
    }

    private void Changed(object sender, FileSystemEventArgs e)
    {
        // The engine's policy looks at the files on its next message (not after the settle time:
        // a policy file is taken as soon as seen, as a door would); the listener files settle first.
        gateway.InvalidateControlFiles();
        _debounce?.Change(Settle, Timeout.InfiniteTimeSpan);
    }
}

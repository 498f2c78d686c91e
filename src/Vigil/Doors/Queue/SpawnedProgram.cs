using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Doors.Queue;

/// <summary>
/// Starts a program with two of our descriptors as its fd 0 and fd 1 and waits for it, through
/// libc's posix_spawnp(3) and waitpid(2): what qmail-smtpd does with fork, dup2 and exec (a name
/// without a slash is looked up in PATH, as the shell did before). .NET's Process cannot give a
/// child a descriptor of ours as its fd 1 for reading (it only redirects to its own streams), and
/// it costs a per-message process a few ms of set-up; this is a plain vfork-and-exec. Every other
/// descriptor of ours is close-on-exec (.NET opens all of its files so), so the child sees its fd
/// 0, 1 and 2 and whatever our own caller passed us open (qmail's fd 6, for instance), as it would
/// under qmail-smtpd. The environment is our own. SIGPIPE, which the runtime ignores for itself,
/// starts at its default action; a signal our caller chose to ignore stays ignored; none is
/// blocked. Linux only.
/// </summary>
internal static unsafe class SpawnedProgram
{
    // Layouts and constants of glibc on x86-64 (linux-x64 is the one published target), read with
    // sizeof/offsetof/the macros from <spawn.h>, <signal.h> and <errno.h> (Debian 12, glibc 2.36)
    // by a C program compiled with gcc, not guessed. The structs stay opaque: libc's own
    // functions fill them; we only reserve their exact size.
    private const int Interrupted = 4; // EINTR
    private const int ChildSignal = 17; // SIGCHLD
    private const int BrokenPipe = 13; // SIGPIPE
    private const int ActionsSize = 80; // sizeof(posix_spawn_file_actions_t)
    private const int AttributesSize = 336; // sizeof(posix_spawnattr_t)
    private const int SignalSetSize = 128; // sizeof(sigset_t)
    private const int SignalActionSize = 152; // sizeof(struct sigaction); sa_handler at offset 0
    private const short SetSignalDefaults = 0x04; // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08; // POSIX_SPAWN_SETSIGMASK

    /// <summary>Starts <paramref name="path"/> (argv[0] the same) with <paramref name="stdin"/> as its fd 0 and <paramref name="stdout"/> as its fd 1.</summary>
    /// <returns>The child's pid, or 0 with <paramref name="error"/> saying why it could not start (missing, not executable...).</returns>
    public static int Start(string path, int stdin, int stdout, out string? error)
    {
        try
        {
            return StartChild(path, stdin, stdout, out error);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            error = "no posix_spawn here: " + e.Message;
            return 0;
        }
    }

    /// <summary>
    /// Waits for the child to end: its exit code, or null with <paramref name="why"/> when it was
    /// killed by a signal or could not be waited for; a caller treats both as temporary failures.
    /// </summary>
    public static int? WaitForExit(int pid, out string? why)
    {
        why = null;
        int status;
        int waited;
        do
        {
            status = 0;
            waited = WaitPid(pid, &status, 0);
        }
        while (waited == -1 && Marshal.GetLastSystemError() == Interrupted);

        if (waited != pid)
        {
            why = "could not be waited for: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastSystemError());
            return null;
        }

        // WIFEXITED: the low seven bits are zero; WEXITSTATUS: the next eight. Else the signal.
        if ((status & 0x7f) == 0)
        {
            return (status >> 8) & 0xff;
        }

        why = "was killed by signal " + (status & 0x7f).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    private static int StartChild(string path, int stdin, int stdout, out string? error)
    {
        error = null;
        WaitableChildren();
        var pathBytes = NullTerminated(path);
        var actions = stackalloc byte[ActionsSize];
        var attributes = stackalloc byte[AttributesSize];
        var brokenPipe = stackalloc byte[SignalSetSize];
        var noSignals = stackalloc byte[SignalSetSize];
        var result = FileActionsInit(actions);
        if (result != 0)
        {
            error = Marshal.GetPInvokeErrorMessage(result);
            return 0;
        }

        result = AttributesInit(attributes);
        if (result != 0)
        {
            FileActionsDestroy(actions);
            error = Marshal.GetPInvokeErrorMessage(result);
            return 0;
        }

        try
        {
            // dup2 clears close-on-exec on the copies: only fd 0 and fd 1 reach the child.
            result = AddDup2(actions, stdin, 0);
            result = result != 0 ? result : AddDup2(actions, stdout, 1);
            if (result == 0 && SignalEmpty(brokenPipe) == 0 && SignalAdd(brokenPipe, BrokenPipe) == 0 && SignalEmpty(noSignals) == 0)
            {
                result = AttributesSetFlags(attributes, SetSignalDefaults | SetSignalMask);
                result = result != 0 ? result : AttributesSetSignalDefaults(attributes, brokenPipe);
                result = result != 0 ? result : AttributesSetSignalMask(attributes, noSignals);
            }

            if (result != 0)
            {
                error = Marshal.GetPInvokeErrorMessage(result);
                return 0;
            }

            var pid = 0;
            fixed (byte* file = pathBytes)
            {
                var argv = stackalloc byte*[2] { file, null };
                result = Spawn(&pid, file, actions, attributes, argv, Environment());
            }

            if (result != 0)
            {
                error = Marshal.GetPInvokeErrorMessage(result);
                return 0;
            }

            return pid;
        }
        finally
        {
            AttributesDestroy(attributes);
            FileActionsDestroy(actions);
        }
    }

    /// <summary>
    /// With SIGCHLD ignored (a caller may leave it so, and the runtime keeps it) the kernel reaps
    /// children itself and waitpid can never report qmail-queue's exit code: a queued message
    /// would then be deferred and sent twice. So an ignored SIGCHLD goes back to its default; a
    /// handler (the runtime's own, once Process was used) is left alone.
    /// </summary>
    private static void WaitableChildren()
    {
        var current = stackalloc byte[SignalActionSize];
        if (SignalAction(ChildSignal, null, current) == 0 && *(nint*)current == 1)
        {
            var reset = stackalloc byte[SignalActionSize];
            new Span<byte>(reset, SignalActionSize).Clear(); // SIG_DFL, no flags, empty mask
            _ = SignalAction(ChildSignal, reset, null);
        }
    }

    private static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>libc's `environ`: the environment we were started with, passed on unchanged.</summary>
    private static byte** Environment() =>
        *(byte***)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "environ");

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FileActionsInit(byte* actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AddDup2(byte* actions, int descriptor, int target);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FileActionsDestroy(byte* actions);

    [DllImport("libc", EntryPoint = "posix_spawnp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Spawn(int* pid, byte* file, byte* actions, byte* attributes, byte** argv, byte** environment);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AttributesInit(byte* attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AttributesDestroy(byte* attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AttributesSetFlags(byte* attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AttributesSetSignalDefaults(byte* attributes, byte* signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int AttributesSetSignalMask(byte* attributes, byte* signals);

    [DllImport("libc", EntryPoint = "sigemptyset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SignalEmpty(byte* set);

    [DllImport("libc", EntryPoint = "sigaddset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SignalAdd(byte* set, int signal);

    [DllImport("libc", EntryPoint = "sigaction")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SignalAction(int signal, byte* action, byte* previous);

    [DllImport("libc", EntryPoint = "waitpid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int WaitPid(int pid, int* status, int options);
}

using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Native and virtual-machine programs, shortcuts and other content a click runs. Ids are stable:
/// they appear in logs and policy files.
/// </summary>
internal static class ExecutableTypes
{
    private const string DosExec = "application/x-dosexec";

    public static readonly DetectedType Pe = new("pe", "MS-DOS/Windows executable (PE)", ContentKind.Executable, DosExec);

    /// <summary>A PE with the DLL flag; the description keeps the PE one as its prefix so rules naming that match both.</summary>
    public static readonly DetectedType PeDll = new("pe-dll", "MS-DOS/Windows executable (PE) DLL", ContentKind.Executable, DosExec);

    public static readonly DetectedType Ne = new("ne", "MS-DOS/Windows executable (NE, 16-bit)", ContentKind.Executable, DosExec);

    public static readonly DetectedType Le = new("le", "MS-DOS/OS2 executable (LE/LX)", ContentKind.Executable, DosExec);

    public static readonly DetectedType Mz = new("mz", "MS-DOS executable", ContentKind.Executable, DosExec);

    public static readonly DetectedType Com = new("com", "MS-DOS executable (COM)", ContentKind.Executable, DosExec);

    public static readonly DetectedType Eicar = new("eicar", "EICAR test file (MS-DOS COM)", ContentKind.Executable, DosExec);

    public static readonly DetectedType Elf = new("elf", "ELF executable", ContentKind.Executable, "application/x-executable");

    public static readonly DetectedType MachO = new("macho", "Mach-O executable", ContentKind.Executable, "application/x-mach-binary");

    public static readonly DetectedType MachOUniversal = new("macho-fat", "Mach-O universal binary", ContentKind.Executable, "application/x-mach-binary");

    public static readonly DetectedType JavaClass = new("java-class", "Java class file", ContentKind.Executable, "application/java-vm");

    /// <summary>A zip with a Java manifest or classes: runs with a double click where Java is installed.</summary>
    public static readonly DetectedType Jar = new("jar", "Java archive (JAR)", ContentKind.Executable, "application/java-archive");

    public static readonly DetectedType Apk = new("apk", "Android package (APK)", ContentKind.Executable, "application/vnd.android.package-archive");

    /// <summary>A Windows app package (APPX/MSIX): installs and runs a program.</summary>
    public static readonly DetectedType Appx = new("appx", "MS Windows app package (APPX/MSIX)", ContentKind.Executable, "application/msix");

    public static readonly DetectedType Dex = new("dex", "Dalvik executable (Android)", ContentKind.Executable, "application/x-dex");

    public static readonly DetectedType WebAssembly = new("wasm", "WebAssembly binary", ContentKind.Executable, "application/wasm");

    public static readonly DetectedType Shortcut = new("lnk", "MS Windows shortcut", ContentKind.Executable, "application/x-ms-shortcut");

    /// <summary>Compiled HTML Help runs scripts and programs with few warnings; treated as executable.</summary>
    public static readonly DetectedType HtmlHelp = new("chm", "MS Windows HtmlHelp data (CHM)", ContentKind.Executable, "application/vnd.ms-htmlhelp");

    public static readonly DetectedType Msi = new("msi", "MS Windows Installer package (MSI)", ContentKind.Executable, "application/x-msi");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Pe, PeDll, Ne, Le, Mz, Com, Eicar, Elf, MachO, MachOUniversal, JavaClass, Jar, Apk, Appx, Dex, WebAssembly, Shortcut, HtmlHelp, Msi];

    /// <summary>The table, most specific first.</summary>
    public static ContentProbe[] Probes { get; } =
    [
        ProbeEicar,
        ProbeDosFamily,
        ProbeElf,
        ProbeMachO,
        ProbeCafeBabe,
        ProbeShortcut,
        ProbeSimpleMagic,
    ];

    private static ReadOnlySpan<byte> EicarPrefix => @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR"u8;

    private static ReadOnlySpan<byte> ShortcutHeader => [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];

    private static ReadOnlySpan<byte> ShortcutClsidTail => [0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    private static DetectedType? ProbeEicar(ref ContentReader content) => content.HasAt(0, EicarPrefix) ? Eicar : null;

    /// <summary>
    /// "MZ" (or the rare "ZM"): a PE, NE or LE header where e_lfanew points, else a plain DOS
    /// program if the DOS header itself is sane (so a text starting "MZ" is not an executable).
    /// </summary>
    private static DetectedType? ProbeDosFamily(ref ContentReader content)
    {
        if (!content.HasAt(0, "MZ"u8) && !content.HasAt(0, "ZM"u8))
        {
            return null;
        }

        if (content.Head.Length >= 0x40)
        {
            var newHeader = content.U32LE(0x3C);
            Span<byte> signature = stackalloc byte[24];
            if (newHeader >= 4 && newHeader <= content.Length - 4 && newHeader < 16 * 1024 * 1024)
            {
                var read = content.ReadAt(newHeader, signature);
                if (read >= 4 && signature[..4].SequenceEqual("PE\0\0"u8))
                {
                    // COFF Characteristics follow Machine, sections, time stamp, symbols and optional header size.
                    const ushort dllFlag = 0x2000;
                    var characteristics = signature[22] | (signature[23] << 8);
                    var isDll = read >= 24 && (characteristics & dllFlag) != 0;
                    return isDll ? PeDll : Pe;
                }

                if (read >= 2 && signature[..2].SequenceEqual("NE"u8))
                {
                    return Ne;
                }

                if (read >= 2 && (signature[..2].SequenceEqual("LE"u8) || signature[..2].SequenceEqual("LX"u8)))
                {
                    return Le;
                }
            }
        }

        return HasSaneDosHeader(ref content) ? Mz : null;
    }

    private static bool HasSaneDosHeader(ref ContentReader content)
    {
        if (content.Head.Length < 0x1C)
        {
            return false;
        }

        var lastPageBytes = content.U16LE(2);
        var pages = content.U16LE(4);
        var headerParagraphs = content.U16LE(8);
        return lastPageBytes < 512 && pages > 0 && headerParagraphs * 16L <= Math.Max(content.Length, 512L * pages);
    }

    private static DetectedType? ProbeElf(ref ContentReader content)
    {
        if (!content.HasAt(0, [0x7F, (byte)'E', (byte)'L', (byte)'F']) || content.Head.Length < 6)
        {
            return null;
        }

        var elfClass = content.Head[4];
        var dataEncoding = content.Head[5];
        return elfClass is 1 or 2 && dataEncoding is 1 or 2 ? Elf : null;
    }

    private static DetectedType? ProbeMachO(ref ContentReader content)
    {
        var magic = content.U32BE(0);
        return magic is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE ? MachO : null;
    }

    /// <summary>
    /// CAFEBABE opens both Mach-O universal binaries and Java classes. A universal binary follows
    /// it with a small architecture count; a class file with its version, whose major part is 45
    /// or more. Both are big-endian.
    /// </summary>
    private static DetectedType? ProbeCafeBabe(ref ContentReader content)
    {
        var magic = content.U32BE(0);
        if (magic is not (0xCAFEBABE or 0xCAFEBABF) || content.Head.Length < 8)
        {
            return null;
        }

        var next = content.U32BE(4);
        if (next is >= 1 and <= 30)
        {
            return MachOUniversal;
        }

        var major = content.U16BE(6);
        return magic == 0xCAFEBABE && major is >= 45 and <= 200 ? JavaClass : null;
    }

    private static DetectedType? ProbeShortcut(ref ContentReader content)
    {
        if (!content.HasAt(0, ShortcutHeader))
        {
            return null;
        }

        // The header names its CLSID {00021401-0000-0000-C000-000000000046}; check the rest when present.
        return content.Head.Length < 20 || content.HasAt(8, ShortcutClsidTail) ? Shortcut : null;
    }

    private static DetectedType? ProbeSimpleMagic(ref ContentReader content)
    {
        if (content.HasAt(0, "ITSF"u8) && content.U32LE(4) is 2 or 3)
        {
            return HtmlHelp;
        }

        if (content.HasAt(0, "dex\n"u8) && content.Head.Length >= 8 && content.Head[7] == 0)
        {
            return Dex;
        }

        if (content.HasAt(0, "\0asm"u8) && content.U32LE(4) == 1)
        {
            return WebAssembly;
        }

        return null;
    }

    /// <summary>
    /// A last-chance guess for binary content no table matched: a .COM program has no header, so
    /// this is a heuristic and deliberately narrow. It needs all of: at most 65280 bytes (the
    /// largest .COM), a first instruction that is a jump (E9 near, or EB short and forward) landing
    /// inside the file, a DOS call (INT 21h or INT 20h) in the head, and no boot-sector signature
    /// (FAT boot sectors also open with EB xx 90). Random binary passes it about one time in a
    /// thousand; text never reaches it.
    /// </summary>
    public static DetectedType? ProbeDosCom(ref ContentReader content)
    {
        var head = content.Head;
        if (content.Length > 65280 || head.Length < 4)
        {
            return null;
        }

        long target;
        if (head[0] == 0xE9)
        {
            target = 3 + (short)content.U16LE(1);
        }
        else if (head[0] == 0xEB && head[1] < 0x80)
        {
            target = 2 + head[1];
        }
        else
        {
            return null;
        }

        if (target < 3 || target >= content.Length)
        {
            return null;
        }

        if (head.Length >= 512 && head[510] == 0x55 && head[511] == 0xAA)
        {
            return null;
        }

        var callsDos = head.IndexOf([(byte)0xCD, (byte)0x21]) >= 0 || head.IndexOf([(byte)0xCD, (byte)0x20]) >= 0;
        return callsDos ? Com : null;
    }
}

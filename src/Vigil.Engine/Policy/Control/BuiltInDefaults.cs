namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The content each control file has when no directory holds it. Written as control-file text so
/// the defaults go through the same parser as an admin's files (and `config check` proves them).
/// </summary>
internal static class BuiltInDefaults
{
    /// <summary>QMVC's default bad subjects (the LoveLetter worm).</summary>
    public const string BadSubjects = "ILOVEYOU\nI-LOVE-YOU\n";

    /// <summary>The SANS gateway paper's Appendix E: recommended attachments to block, at any size.</summary>
    public const string Attachments =
        ".exe\t0\tExecutable binary\n" +
        ".com\t0\tNon relocable MSDOS executable binary\n" +
        ".vbs\t0\tVisual Basic Script\n" +
        ".vba\t0\tVisual Basic Application\n" +
        ".shs\t0\tShell automation code\n" +
        ".scr\t0\tScreen Saver\n" +
        ".bat\t0\tCOMMAND.COM batch file\n" +
        ".btm\t0\tJP Software fast batch file\n" +
        ".reg\t0\tWindows Registry file\n" +
        ".msi\t0\tExecutable binary\n" +
        ".msc\t0\tExecutable binary\n" +
        ".chm\t0\tCompiled HTML help file\n" +
        ".inf\t0\tWindows INF file\n" +
        ".cpl\t0\tControl Panel library\n" +
        ".wsf\t0\tWindows Scripting File\n" +
        ".vbe\t0\tVisualBasic Encoded\n" +
        ".js\t0\tJavaScript\n" +
        ".jse\t0\tJavaScript Encoded\n" +
        ".css\t0\tCascading Style Sheets\n" +
        ".wsh\t0\tWindows Scripting Host\n" +
        ".sct\t0\tScriptlet File\n" +
        ".hta\t0\tHTML Application\n" +
        ".lnk\t0\tWindows Explorer links\n" +
        ".cmd\t0\tcmd.exe NT batch\n" +
        ".pif\t0\tWindows Program Information Files\n" +
        ".ade\t0\tAccess Project Extension\n" +
        ".mdb\t0\tAccess Application\n" +
        ".adp\t0\tAccess Project\n" +
        ".mde\t0\tAccess MDE Database\n" +
        ".bas\t0\tVisual Basic Class Module\n" +
        ".msp\t0\tWindows Installer Patch\n" +
        ".mst\t0\tVisual Test Source File\n" +
        ".pcd\t0\tPhoto CD Image\n" +
        ".crt\t0\tSecurity Certificate\n" +
        ".hlp\t0\tWindows Help File\n" +
        ".url\t0\tInternet Shortcut (Uniform Resource Locator)\n" +
        ".ins\t0\tInternet Communication Settings\n" +
        ".isp\t0\tInternet Communication Settings\n" +
        ".vb\t0\tScript Script File\n" +
        ".wsc\t0\tWindows Script Componen\n" +
        ".shb\t0\tShell Scrap object\n";

    /// <summary>
    /// Filters in force when no `filters` file exists (QMVC's defaults: body text off, and encrypted
    /// archives allowed as in Qmail-Scanner).
    /// </summary>
    public const string Filters =
        "subject\nmimetype\nfilename\nheaders\nformat\narchives\nignorecase\nbody=no\nencryptedarchives=no\n";

    public static string For(string fileName) => fileName switch
    {
        ControlFileNames.BadSubjects => BadSubjects,
        ControlFileNames.Attachments => Attachments,
        ControlFileNames.Filters => Filters,
        _ => "",
    };
}

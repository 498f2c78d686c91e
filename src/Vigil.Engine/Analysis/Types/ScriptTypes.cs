using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Script text that an interpreter or Windows runs when opened. The rules are conservative on
/// purpose: text mail and ordinary HTML (even with some JavaScript) must stay text or HTML, so
/// each rule wants a marker that only a runnable script carries (an interpreter line, an HTA tag,
/// Windows Script Host objects, a registry-file header...).
/// </summary>
internal static class ScriptTypes
{
    public static readonly DetectedType Shell = new("shell-script", "Shell script text executable (sh)", ContentKind.Script, "text/x-shellscript");

    public static readonly DetectedType Perl = new("perl-script", "Perl script text executable (perl)", ContentKind.Script, "text/x-perl");

    public static readonly DetectedType Python = new("python-script", "Python script text executable (python)", ContentKind.Script, "text/x-python");

    public static readonly DetectedType Ruby = new("ruby-script", "Ruby script text executable (ruby)", ContentKind.Script, "text/x-ruby");

    public static readonly DetectedType Php = new("php-script", "PHP script text", ContentKind.Script, "text/x-php");

    public static readonly DetectedType Node = new("node-script", "Node.js script text executable (node)", ContentKind.Script, "text/javascript");

    public static readonly DetectedType OtherInterpreter = new("script", "Script text executable", ContentKind.Script, "text/plain");

    public static readonly DetectedType Hta = new("hta", "HTML Application (HTA)", ContentKind.Script, "application/hta");

    public static readonly DetectedType Wsf = new("wsf", "Windows Script File (WSF)", ContentKind.Script, "text/xml");

    public static readonly DetectedType HtmlWithWindowsScripting = new("html-activex", "HTML document with Windows scripting (ActiveX)", ContentKind.Script, "text/html");

    public static readonly DetectedType Batch = new("batch", "DOS batch file text", ContentKind.Script, "text/x-msdos-batch");

    public static readonly DetectedType PowerShell = new("powershell", "PowerShell script text", ContentKind.Script, "text/x-powershell");

    public static readonly DetectedType VbScript = new("vbscript", "VBScript text (Windows Script Host)", ContentKind.Script, "text/vbscript");

    public static readonly DetectedType JScript = new("jscript", "JScript text (Windows Script Host)", ContentKind.Script, "text/javascript");

    public static readonly DetectedType Registry = new("reg", "Windows registry file", ContentKind.Script, "text/x-ms-regedit");

    public static readonly DetectedType UrlShortcut = new("url-shortcut", "MS Windows URL shortcut", ContentKind.Executable, "application/x-mswinurl");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Shell, Perl, Python, Ruby, Php, Node, OtherInterpreter, Hta, Wsf, HtmlWithWindowsScripting, Batch, PowerShell, VbScript, JScript, Registry, UrlShortcut];

    public static TextProbe[] Probes { get; } =
    [
        ProbeInterpreterLine,
        ProbeHeaderLine,
        ProbeMarkupScripts,
        ProbeBatch,
        ProbePowerShell,
        ProbeWindowsScriptHost,
    ];

    // Objects only a script that drives Windows itself needs.
    private static readonly string[] WindowsScriptObjects =
        ["wscript.shell", "shell.application", "scripting.filesystemobject", "adodb.stream", "wscript.network", "schedule.service"];

    private static readonly string[] Shells = ["sh", "bash", "dash", "ash", "ksh", "mksh", "pdksh", "zsh", "csh", "tcsh", "fish", "busybox"];

    private static readonly string[] WindowsScriptHostMarkers = ["wscript.", "createobject(", "activexobject", "getobject("];

    private static readonly string[] VbScriptMarkers =
        ["dim ", "set ", "end sub", "end function", "on error resume next", "option explicit", "& vbcrlf", "end if"];

    private static readonly string[] JScriptMarkers = ["var ", "new activexobject", "function(", "){", "let ", "const ", "try {", "};"];

    private static readonly string[] PowerShellMarkers =
    [
        "invoke-expression", "iex(", "iex (", "downloadstring(", "downloadfile(", "net.webclient", "frombase64string(",
        "-encodedcommand", "start-process", "set-executionpolicy", "invoke-webrequest", "new-object ", "$env:",
        "[system.", "-executionpolicy", "write-host", "get-childitem", "param(",
    ];

    /// <summary>"#!" and an absolute interpreter path (as the kernel wants): the family comes from the interpreter's name (through env).</summary>
    private static DetectedType? ProbeInterpreterLine(ReadOnlySpan<char> text, in TextProfile profile)
    {
        if (!text.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        var line = TextScan.FirstLine(text[2..]);
        var interpreter = NextToken(line, out var rest);
        if (interpreter.IsEmpty || interpreter[0] != '/')
        {
            return null;
        }

        var name = BaseName(interpreter);
        if (name.SequenceEqual("env"))
        {
            // "#!/usr/bin/env -S python3 -u": skip env's options.
            var next = NextToken(rest, out rest);
            while (!next.IsEmpty && next[0] == '-')
            {
                next = NextToken(rest, out rest);
            }

            name = BaseName(next);
        }

        return FamilyOf(name);
    }

    private static DetectedType FamilyOf(ReadOnlySpan<char> name)
    {
        if (IsShell(name))
        {
            return name.SequenceEqual("sh") ? Shell : Shell with { Description = $"Shell script text executable ({name})" };
        }

        if (name.StartsWith("perl", StringComparison.Ordinal))
        {
            return Perl;
        }

        if (name.StartsWith("python", StringComparison.Ordinal))
        {
            return Python;
        }

        if (name.StartsWith("ruby", StringComparison.Ordinal))
        {
            return Ruby;
        }

        if (name.StartsWith("php", StringComparison.Ordinal))
        {
            return Php;
        }

        if (name.SequenceEqual("node") || name.SequenceEqual("nodejs"))
        {
            return Node;
        }

        if (name.IsEmpty)
        {
            return OtherInterpreter;
        }

        return OtherInterpreter with { Description = $"Script text executable ({Sanitize(name)})" };
    }

    private static bool IsShell(ReadOnlySpan<char> name)
    {
        foreach (var shell in Shells)
        {
            if (name.SequenceEqual(shell))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Header lines that name the format: PHP, registry files, URL shortcuts.</summary>
    private static DetectedType? ProbeHeaderLine(ReadOnlySpan<char> text, in TextProfile profile)
    {
        var start = TextScan.TrimStart(text);
        if (start.StartsWith("<?php", StringComparison.Ordinal))
        {
            return Php;
        }

        if (start.StartsWith("regedit4", StringComparison.Ordinal) || start.StartsWith("windows registry editor version", StringComparison.Ordinal))
        {
            return Registry;
        }

        return start.StartsWith("[internetshortcut]", StringComparison.Ordinal) ? UrlShortcut : null;
    }

    /// <summary>
    /// Markup that runs as a program: an HTA, a WSF job, or HTML that creates shell objects.
    /// Plain "&lt;script" is not enough: most HTML mail has some.
    /// </summary>
    private static DetectedType? ProbeMarkupScripts(ReadOnlySpan<char> text, in TextProfile profile)
    {
        if (TextScan.Contains(text, "<hta:application"))
        {
            return Hta;
        }

        if (!StartsWithMarkup(text))
        {
            return null;
        }

        if ((TextScan.ContainsTag(text, "<job") || TextScan.ContainsTag(text, "<package")) && TextScan.ContainsTag(text, "<script"))
        {
            return Wsf;
        }

        var createsObjects = TextScan.Contains(text, "activexobject") || TextScan.Contains(text, "createobject(");
        return createsObjects && TextScan.ContainsAny(text, WindowsScriptObjects) ? HtmlWithWindowsScripting : null;
    }

    /// <summary>A batch file whose first line turns echo off, as nearly all do.</summary>
    private static DetectedType? ProbeBatch(ReadOnlySpan<char> text, in TextProfile profile)
    {
        var first = TextScan.FirstLine(TextScan.TrimStart(text)).TrimEnd();
        return first.SequenceEqual("@echo off") || first.StartsWith("@echo off ", StringComparison.Ordinal)
            || first.StartsWith("@echo off&", StringComparison.Ordinal) ? Batch : null;
    }

    /// <summary>PowerShell: at least two distinct cmdlet or .NET idioms, since single words occur in prose.</summary>
    private static DetectedType? ProbePowerShell(ReadOnlySpan<char> text, in TextProfile profile)
    {
        if (StartsWithMarkup(text))
        {
            return null;
        }

        var strong = TextScan.CountPresent(text, PowerShellMarkers);
        return strong >= 2 && (TextScan.Contains(text, "$") || TextScan.Contains(text, "-")) ? PowerShell : null;
    }

    /// <summary>
    /// VBScript or JScript for Windows Script Host: a WSH object marker plus statements of one
    /// language; markup is left to the HTML rules (old pages create XMLHTTP objects legitimately).
    /// </summary>
    private static DetectedType? ProbeWindowsScriptHost(ReadOnlySpan<char> text, in TextProfile profile)
    {
        if (StartsWithMarkup(text) || !TextScan.ContainsAny(text, WindowsScriptHostMarkers))
        {
            return null;
        }

        var vb = 0;
        foreach (var marker in VbScriptMarkers)
        {
            if (TextScan.ContainsAtLineStart(text, marker) || (marker[0] == '&' && TextScan.Contains(text, marker)))
            {
                vb++;
            }
        }

        var js = TextScan.CountPresent(text, JScriptMarkers);
        if (js == 0 && vb == 0)
        {
            return null;
        }

        return js > vb ? JScript : VbScript;
    }

    private static bool StartsWithMarkup(ReadOnlySpan<char> text)
    {
        var start = TextScan.TrimStart(text);
        return !start.IsEmpty && start[0] == '<';
    }

    private static ReadOnlySpan<char> NextToken(ReadOnlySpan<char> line, out ReadOnlySpan<char> rest)
    {
        var start = 0;
        while (start < line.Length && line[start] is ' ' or '\t')
        {
            start++;
        }

        var end = start;
        while (end < line.Length && line[end] is not (' ' or '\t'))
        {
            end++;
        }

        rest = line[end..];
        return line[start..end];
    }

    private static ReadOnlySpan<char> BaseName(ReadOnlySpan<char> path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>An interpreter name from the content, kept short and printable for logs.</summary>
    private static string Sanitize(ReadOnlySpan<char> name)
    {
        Span<char> buffer = stackalloc char[32];
        var count = 0;
        foreach (var c in name)
        {
            if (count == buffer.Length)
            {
                break;
            }

            buffer[count++] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '?';
        }

        return new string(buffer[..count]);
    }
}

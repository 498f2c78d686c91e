using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>Runs corpus mails through the whole engine (analysis, then policy) as a door would.</summary>
internal static class CorpusScanner
{
    /// <summary>A scanner with the built-in default policy, or the rules of <paramref name="controlDir"/>.</summary>
    public static MessageJudge Create(string? controlDir = null, AnalysisLimits? limits = null) =>
        new(new MessageAnalyzer(limits ?? AnalysisLimits.Default), new PolicyProvider(controlDir));

    public static async Task<Judgement> ScanFileAsync(this MessageJudge scanner, string path)
    {
        using var stream = File.OpenRead(path);
        return await scanner.JudgeAsync(stream);
    }

    public static async Task<Judgement> ScanBytesAsync(this MessageJudge scanner, byte[] message)
    {
        using var stream = new MemoryStream(message, writable: false);
        return await scanner.JudgeAsync(stream);
    }

    /// <summary>File names (not folders) directly in a corpus folder, in a stable order.</summary>
    public static TheoryData<string> FileNames(params string[] folder)
    {
        var data = new TheoryData<string>();
        foreach (var name in FilesIn(folder))
        {
            data.Add(name);
        }

        return data;
    }

    public static List<string> FilesIn(params string[] folder) =>
        Directory.EnumerateFiles(TestPaths.Corpus(folder))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>One line per finding, for assertion messages.</summary>
    public static string Describe(Verdict verdict) =>
        verdict.Kind + ": " + string.Join("; ", verdict.Findings.Select(f => $"{f.Category} {f.Rule} [{f.PartPath}] {f.Detail}"));

    public static bool HasFinding(this Verdict verdict, FindingCategory category) =>
        verdict.Findings.Any(f => f.Category == category);
}

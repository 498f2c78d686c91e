using System.CommandLine;
using Vigil.Doors;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Input;
using Vigil.Output;

namespace Vigil.Commands;

/// <summary>
/// `vigil scan`: one line per message, clamdscan style or JSON. Exit 0 when every message is
/// clean, 1 when any is not, 2 on an operational error (unreadable input, bad control file,
/// any `error` finding such as a required scanner that could not be asked) with the reason on stderr.
/// </summary>
public static class ScanCommand
{
    public static Command Definition()
    {
        var s = new CommonSymbols();
        var command = s.AddTo(
            new Command("scan", "Scan messages: one line per message, \"PATH: OK\" or \"PATH: <rule> FOUND\" (--json: one object per line). Exit 0 when all are clean, 1 when any is not, 2 on an operational error."),
            s.Control, s.Profiles, s.Clamd, s.Sender, s.Json, s.Verbose, s.Paths);
        command.SetAction((parse, _) => RunAsync(s.Read(parse)));
        return command;
    }

    /// <param name="options">What to scan and how (QHPSI's door parses its own).</param>
    /// <param name="output">Where the verdict lines go; standard output when null (QHPSI passes stderr).</param>
    public static async Task<int> RunAsync(CommonOptions options, Stream? output = null)
    {
        var gateway = GatewayFactory.Create(options);
        if (gateway is null)
        {
            return 2;
        }

        using var stdout = new BufferedStream(output ?? Console.OpenStandardOutput(), 64 * 1024);
        using var json = options.Json ? new JsonResultWriter(stdout) : null;
        using var text = options.Json ? null : new StreamWriter(stdout, leaveOpen: true) { AutoFlush = false };
        var clam = text is null ? null : new ClamStyleWriter(text, options.Verbose);

        var envelope = new Envelope(options.Sender, []);
        var door = GatewayFactory.Door(options);
        var anyDirty = false;
        var operationalError = false;
        foreach (var path in options.Paths)
        {
            foreach (var input in MessageInputs.Expand(path, message => { Console.Error.WriteLine($"vigil: {message}"); operationalError = true; }))
            {
                Stream stream;
                try
                {
                    stream = input.Open();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"vigil: {input.DisplayPath}: {e.Message}");
                    operationalError = true;
                    continue;
                }

                using (stream)
                using (var result = await gateway.JudgeAsync(stream, envelope, door))
                {
                    if (json is not null)
                    {
                        json.Write(input.DisplayPath, result);
                    }
                    else
                    {
                        clam!.Write(input.DisplayPath, result);
                    }

                    // An outage is reported even when the message is blocked for another reason:
                    // the admin must hear that a required scanner could not be asked.
                    foreach (var f in result.Verdict.Findings)
                    {
                        if (f.Category == FindingCategory.Error)
                        {
                            Console.Error.WriteLine($"vigil: {input.DisplayPath}: {f.Rule}: {f.Detail}");
                            operationalError = true;
                        }
                    }

                    if (!result.Verdict.IsClean)
                    {
                        anyDirty = true;
                    }
                }
            }
        }

        text?.Flush();
        stdout.Flush();
        return operationalError ? 2 : anyDirty ? 1 : 0;
    }
}

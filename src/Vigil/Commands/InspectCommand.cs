using System.CommandLine;
using Vigil.Engine.Analysis;
using Vigil.Engine.Judging;
using Vigil.Input;
using Vigil.Output;

namespace Vigil.Commands;

/// <summary>`vigil inspect PATH`: the MIME tree and the verdict, for an admin who wants to see why.</summary>
public static class InspectCommand
{
    public static Command Definition()
    {
        var s = new CommonSymbols();
        var command = s.AddTo(
            new Command("inspect", "Print the MIME tree: names, declared and detected types, sizes, anomalies, limits, and the verdict."),
            s.Control, s.Profiles, s.Clamd, s.Paths);
        command.SetAction((parse, _) => RunAsync(s.Read(parse)));
        return command;
    }

    private static async Task<int> RunAsync(CommonOptions options)
    {
        var gateway = GatewayFactory.Create(options);
        if (gateway is null)
        {
            return 2;
        }

        var status = 0;
        foreach (var path in options.Paths)
        {
            foreach (var input in MessageInputs.Expand(path, m => { Console.Error.WriteLine($"vigil: {m}"); status = 2; }))
            {
                using var stream = input.Open();
                using var result = await gateway.JudgeAsync(stream, Envelope.Unknown, GatewayFactory.Door(options));
                if (result.Analysis is { } analysis)
                {
                    TreePrinter.Print(Console.Out, input.DisplayPath, analysis);
                }

                new ClamStyleWriter(Console.Out, verbose: true).Write("verdict " + result.Verdict.Word, result);
                Console.Out.WriteLine();
                if (status == 0 && !result.Verdict.IsClean)
                {
                    status = 1;
                }
            }
        }

        return status;
    }
}

using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Some 3,000 damaged and synthetic mails through the whole scanner. Each family has a fixed seed
/// so a failure reproduces; set VIGIL_FUZZ_SEED to explore other inputs. A failure names the seed,
/// the case, the seed file and every mutation, with the input itself (base64) or where it was saved.
/// </summary>
public sealed class ScannerFuzzTests : IDisposable
{
    private readonly FuzzHarness _harness = new();

    [Fact]
    public void BitFlipsNeverBreakTheScanner() =>
        RunMutations("bit flips", 0x5eed01, 450, (input, _, random, log) => Mutations.FlipBits(input, random, log));

    [Fact]
    public void InsertedAndDeletedBytesNeverBreakTheScanner() =>
        RunMutations("insertions and deletions", 0x5eed02, 450, (input, _, random, log) =>
        {
            var output = input;
            for (var i = 1 + random.Next(4); i > 0; i--)
            {
                output = random.Next(2) == 0 ? Mutations.InsertBytes(output, random, log) : Mutations.DeleteRange(output, random, log);
            }

            return output;
        });

    [Fact]
    public void TruncationAnywhereNeverBreaksTheScanner() =>
        RunMutations("truncations", 0x5eed03, 400, (input, _, random, log) => Mutations.Truncate(input, random, log));

    [Fact]
    public void RepeatedMovedOrDroppedBoundaryLinesNeverBreakTheScanner() =>
        RunMutations("boundary lines", 0x5eed04, 400, (input, _, random, log) =>
        {
            var output = input;
            for (var i = 1 + random.Next(3); i > 0; i--)
            {
                output = Mutations.DuplicateBoundaryLine(output, random, log);
            }

            return output;
        });

    [Fact]
    public void RepeatedHeaderLinesNeverBreakTheScanner() =>
        RunMutations("header lines", 0x5eed05, 400, (input, _, random, log) =>
        {
            var output = input;
            for (var i = 1 + random.Next(3); i > 0; i--)
            {
                output = Mutations.DuplicateHeaderLine(output, random, log);
            }

            return output;
        });

    [Fact]
    public void SplicedMailsNeverBreakTheScanner() =>
        RunMutations("splices", 0x5eed06, 300, (input, _, random, log) => Mutations.Splice(input, FuzzSeeds.Pick(random), random, log));

    [Fact]
    public void MutationsCombinedNeverBreakTheScanner() =>
        RunMutations("combined", 0x5eed07, 200, (input, _, random, log) => Mutations.Combined(input, random, log));

    [Fact]
    public void DeeplyNestedMailsNeverBreakTheScanner()
    {
        var seed = FuzzHarness.BaseSeed(0x5eed08);
        for (var i = 0; i < 300; i++)
        {
            _harness.Run(DeepNesting.Generate(FuzzHarness.CaseRandom(seed, i)), seed, i);
        }

        _harness.AssertNoFailures("deep nesting", seed);
    }

    [Fact]
    public void DamagedArchivesNeverBreakTheScanner()
    {
        var seed = FuzzHarness.BaseSeed(0x5eed0a);
        for (var i = 0; i < 300; i++)
        {
            _harness.Run(DamagedArchives.Generate(FuzzHarness.CaseRandom(seed, i)), seed, i);
        }

        _harness.AssertNoFailures("damaged archives", seed);
        Assert.True(_harness.SpooledCases > 0, "damaged archives: no case spooled content to disk");
    }

    [Fact]
    public void MailsShapedToExhaustALimitNeverBreakTheScanner()
    {
        var seed = FuzzHarness.BaseSeed(0x5eed09);
        for (var i = 0; i < 60; i++)
        {
            _harness.Run(HostileShapes.Generate(FuzzHarness.CaseRandom(seed, i)), seed, i);
        }

        _harness.AssertNoFailures("hostile shapes", seed);
    }

    [Fact]
    public void NestedPartsWithFloodedParametersNeverBreakTheScanner()
    {
        var seed = FuzzHarness.BaseSeed(0x5eed0b);
        for (var i = 0; i < 60; i++)
        {
            _harness.Run(ParameterFloods.Generate(FuzzHarness.CaseRandom(seed, i)), seed, i);
        }

        _harness.AssertNoFailures("parameter floods", seed);
    }

    /// <summary>
    /// The 3 MB message of issue 10 with one bit flipped, every bit of one early piece in turn, for
    /// each piece, half CRLF and half LF; lines of 1 MB, so everything up to the header limit is read.
    /// </summary>
    [Fact]
    public void FlippedBitsInAFloodedDispositionLineNeverBreakTheScanner()
    {
        for (var i = 0; i < FlippedFloods.SweepCount; i++)
        {
            _harness.Run(FlippedFloods.Swept(i, 1024 * 1024, crlf: i % 2 == 0), 0, i);
        }

        _harness.AssertNoFailures("flipped flood sweep", 0);
    }

    [Fact]
    public void RandomFlipsInFloodedDispositionLinesNeverBreakTheScanner()
    {
        var seed = FuzzHarness.BaseSeed(0x5eed0c);
        for (var i = 0; i < 100; i++)
        {
            _harness.Run(FlippedFloods.Generate(FuzzHarness.CaseRandom(seed, i), 3 * 1024 * 1024), seed, i);
        }

        _harness.AssertNoFailures("flipped floods", seed);
    }

    public void Dispose() => _harness.Dispose();

    private void RunMutations(string family, int fixedSeed, int cases, Func<byte[], FuzzSeed, Random, StringBuilder, byte[]> mutate)
    {
        var seed = FuzzHarness.BaseSeed(fixedSeed);
        for (var i = 0; i < cases; i++)
        {
            var random = FuzzHarness.CaseRandom(seed, i);
            var source = FuzzSeeds.Pick(random);
            var log = new StringBuilder(source.Name).Append(':');
            var bytes = mutate(source.Bytes, source, random, log);
            _harness.Run(new FuzzCase(bytes, log.ToString()), seed, i);
        }

        _harness.AssertNoFailures(family, seed);
        Assert.True(_harness.SpooledCases > 0, $"{family}: no case spooled content to disk");
    }
}

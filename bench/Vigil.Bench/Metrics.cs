using System.Globalization;

namespace Vigil.Bench;

/// <summary>Prints results both for people and for bench/run.sh (`metric NAME VALUE`).</summary>
public static class Metrics
{
    public static void Line(string label, string value) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-38} {value}"));

    public static void Machine(string name, double value) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric {name} {value:0.###}"));

    public static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms,10:0.0} ms");

    public static string Share(double part, double whole) =>
        string.Create(CultureInfo.InvariantCulture, $"{part,10:0.0} ms  {(whole > 0 ? 100 * part / whole : 0),5:0.0} %");
}

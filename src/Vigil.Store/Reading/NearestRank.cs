namespace Vigil.Store.Reading;

/// <summary>The nearest-rank quantile every figure of the store's readers uses: the value at rank ceil(q * n).</summary>
internal static class NearestRank
{
    /// <summary>The 1-based rank of quantile <paramref name="q"/> (0..1) among <paramref name="count"/> values (count > 0).</summary>
    public static long Rank(double q, long count) => Math.Clamp((long)Math.Ceiling(q * count), 1, count);

    /// <summary>The value at each quantile of <paramref name="sorted"/> (ascending); empty when it holds none.</summary>
    public static IReadOnlyList<double> Of(List<double> sorted, IReadOnlyList<double> quantiles) =>
        sorted.Count == 0 ? [] : quantiles.Select(q => sorted[(int)Rank(q, sorted.Count) - 1]).ToList();
}

using Drydock.Images.Inspection.Listing;

namespace Drydock.Tests.Images.Inspection;

/// <summary>A layer's path flags frozen into a sorted array answer every lookup as the hash table they came from.</summary>
public sealed class SortedPathFlagsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000)]
    public void Get_AfterFreeze_SameFlagsAsTheTable(int count)
    {
        // Given: hashes spread evenly, clustered at both ends, and 0 and ulong.MaxValue
        var random = new Random(count);
        var hashes = new List<ulong> { 0, 1, ulong.MaxValue, ulong.MaxValue - 4 };
        for (var i = 0; i < count; i++) hashes.Add((ulong)random.NextInt64() * 2 + (ulong)random.Next(2));
        for (var i = 0; i < count / 10; i++) hashes.Add((ulong)random.Next(1000) << 2);
        var table = new PathFlagTable(hashes.Count);
        foreach (var hash in hashes) table.Add(hash, random.Next(1, 4));
        var probes = hashes.Concat(Enumerable.Range(0, 2000).Select(_ => (ulong)random.NextInt64())).ToList();
        var expected = probes.Select(table.Get).ToList();

        // When
        var frozen = table.Freeze();

        // Then
        Assert.Equal(expected, probes.Select(frozen.Get).ToList());
        Assert.Contains(expected, f => f == 0);
        Assert.DoesNotContain(hashes.Select(frozen.Get), f => f == 0);
    }
}

using Drydock.Images.FileSystem;
using Drydock.Images.Inspection.Listing;

namespace Drydock.Tests.Images.Inspection;

/// <summary>
/// The listing's external sort (issue 18): how many runs' buffers it holds at once, counted rather than timed, and
/// the merge in several passes against one pass over the same lines.
/// </summary>
public sealed class ListingSorterTests
{
    [Fact]
    public void Merge_ManyRuns_HoldsAtMostFanInPlusOneBuffers()
    {
        // Given: 100 runs of 10 lines, merged 4 at a time
        using var sorter = new ListingSorter(runLength: 10, fanIn: 4);
        foreach (var record in Records(1000, seed: 1)) sorter.Add(record);

        // When
        var buffersWhileAdding = sorter.Buffers.Peak;
        var lines = sorter.Merge().Count();

        // Then: each run released its write buffer once written; a pass reads 4 runs and writes one
        Assert.Equal(1000, lines);
        Assert.Equal(1, buffersWhileAdding);
        Assert.True(sorter.Passes >= 3, $"{sorter.Passes} passes");
        Assert.InRange(sorter.Buffers.Peak, 2, 5);
        Assert.Equal(0, sorter.Buffers.Held);
    }

    [Fact]
    public void Merge_SeveralPasses_SameLinesAsOnePass()
    {
        // Given: the same lines, with repeated paths and layers, into a sorter merging in one pass and one in several
        using var onePass = new ListingSorter(runLength: 7, fanIn: 1000);
        using var passes = new ListingSorter(runLength: 7, fanIn: 3);
        foreach (var record in Records(2000, seed: 2))
        {
            onePass.Add(record);
            passes.Add(record);
        }

        // When
        var expected = onePass.Merge().ToList();
        var actual = passes.Merge().ToList();

        // Then
        Assert.Equal(0, onePass.Passes);
        Assert.True(passes.Passes >= 4, $"{passes.Passes} passes");
        Assert.Equal(expected, actual);
        Assert.Equal(expected.OrderBy(r => r, Comparer<ListingRecord>.Create(ListingRecord.Compare)), expected);
        Assert.Equal(actual, passes.Merge().ToList()); // enumerable again, from the merged runs
    }

    // Paths from a small name space, so that paths repeat across layers and ranks, as a listing's lines do.
    private static IEnumerable<ListingRecord> Records(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var path = $"d{random.Next(20)}/f{random.Next(50)}";
            var link = random.Next(5) == 0 ? "d0/f0" : null;
            yield return new ListingRecord(ListingOp.Entry, link is null ? FileKind.File : FileKind.HardLink, 0x1a4, random.Next(3), 0,
                random.Next(1000), link, random.Next(4), path, Rank: (byte)random.Next(2));
        }
    }
}

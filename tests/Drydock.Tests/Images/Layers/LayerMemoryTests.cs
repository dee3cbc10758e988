using Drydock.Images;
using Drydock.Images.Layers;
using Drydock.Scanning.Cache;
using Drydock.Tests.Builders;
using Xunit.Abstractions;

namespace Drydock.Tests.Images.Layers;

/// <summary>
/// Issue 18: a layer of many files nobody asked for costs little per file while it is read and while its cache record
/// is written (allocation counting: peak RSS follows what is allocated between collections).
/// </summary>
public sealed class LayerMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Read_ManyUnlistedPaxFiles_AllocatesLittlePerEntry()
    {
        // Given: pax entries (a path, atime and ctime record each, as Go's and .NET's tar writers emit) nobody asked for
        const int files = 20_000;
        var builder = new TarBuilder();
        for (var i = 0; i < files; i++) builder.File($"data/d{i / 1000:D4}/file-{i % 1000:D4}.txt", "x");
        var tar = builder.Build();
        Read(new TarBuilder().File("warm/up", "x").Build()); // JIT and first-use allocations are not the layer's

        // When
        var before = GC.GetAllocatedBytesForCurrentThread();
        var contents = Read(tar);
        var perEntry = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)files;
        output.WriteLine($"{perEntry:F0} bytes allocated per unlisted entry");

        // Then: the pass allocated the name it must hash and little else (before: a FileEntry, three header records,
        // the pax keys as strings and a doubling hash list, about 1 KB an entry)
        Assert.Equal(files, contents.Unlisted.Count);
        Assert.True(perEntry < 600, $"{perEntry:F0} bytes allocated per unlisted entry");
    }

    [Fact]
    public void Write_LayerOfAMillionUnlistedPaths_AllocatesAboutTwiceTheRecord()
    {
        // Given
        var random = new Random(18);
        var hashes = new ulong[1_000_000];
        for (var i = 0; i < hashes.Length; i++) hashes[i] = (ulong)random.NextInt64();
        Array.Sort(hashes);
        var layer = new LayerContents { Index = 0, DiffId = Digest.Sha256([]), Entries = [], Unlisted = hashes, EntriesRead = hashes.Length };
        LayerContentsSerializer.Write(new LayerContents { Index = 0, DiffId = Digest.Sha256([]), Entries = [] }, ["x"]);

        // When
        var before = GC.GetAllocatedBytesForCurrentThread();
        var record = LayerContentsSerializer.Write(layer, ["x"]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated for a record of {record.Length}");

        // Then: the compressed buffer and the returned copy, not also the uncompressed body and two growing buffers
        // (about 6× the record before)
        Assert.True(allocated < 2.5 * record.Length, $"{allocated} bytes allocated for a record of {record.Length}");
        Assert.Equal(hashes, LayerContentsSerializer.Read(record, 0)!.Unlisted);
    }

    [Fact]
    public void ToSortedArray_MoreThanOneChunk_EveryHashSortedExactLength()
    {
        // Given
        var set = new PathHashSet();
        var added = Enumerable.Range(0, 20_001).Select(i => (ulong)(20_001 - i) * 7919).ToArray();
        foreach (var hash in added) set.Add(hash);

        // When
        var sorted = set.ToSortedArray();

        // Then
        Assert.Equal(added.Order().ToArray(), sorted);
    }

    private static LayerContents Read(byte[] tar) =>
        new LayerTarReader(0, "layer 0", [new PathInterest("etc/os-release")], LayerWalkOptions.Default,
            new ContentBudget(LayerWalkOptions.Default.MaxTotalContentBytes)).Read(new MemoryStream(tar), CancellationToken.None);
}

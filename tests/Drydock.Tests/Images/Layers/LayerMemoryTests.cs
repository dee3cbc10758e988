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
    public void WriteChunked_LayerOfAMillionUnlistedPaths_AllocatesAboutTheRecordInSmallChunks()
    {
        // Given
        var random = new Random(18);
        var hashes = new ulong[1_000_000];
        for (var i = 0; i < hashes.Length; i++) hashes[i] = (ulong)random.NextInt64();
        Array.Sort(hashes);
        var layer = new LayerContents { Index = 0, DiffId = Digest.Sha256([]), Entries = [], Unlisted = UnlistedPathSet.Of(hashes), EntriesRead = hashes.Length };
        LayerContentsSerializer.Write(new LayerContents { Index = 0, DiffId = Digest.Sha256([]), Entries = [] }, ["x"]);

        // When
        var before = GC.GetAllocatedBytesForCurrentThread();
        var largeBefore = GC.GetGCMemoryInfo(GCKind.Any).GenerationInfo[3].SizeAfterBytes;
        var record = LayerContentsSerializer.WriteChunked(layer, ["x"]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated for a record of {record.Length}");

        // Then: the compressed chunks and little else (before: a buffer sized for the record, then its copy, both on
        // the large object heap; before that, the uncompressed body and two growing buffers, about 6× the record);
        // the million hashes as deltas take under 8 bytes each
        Assert.True(allocated < 1.2 * record.Length, $"{allocated} bytes allocated for a record of {record.Length}");
        Assert.True(record.Length < 8 * hashes.Length, $"record of {record.Length} bytes");
        Assert.All(record.Chunks, c => Assert.True(c.Length <= 64 * 1024));
        Assert.Equal(hashes, LayerContentsSerializer.Read(record.ToArray(), 0)!.Unlisted);
    }

    [Fact]
    public void Build_MoreThanOneRun_EveryHashFoundAndEnumeratedInOrder()
    {
        // Given
        var set = new PathHashSet();
        var added = Enumerable.Range(0, 20_001).Select(i => (ulong)(20_001 - i) * 7919).ToArray();
        foreach (var hash in added) set.Add(hash);

        // When
        var built = set.Build();

        // Then: three runs (8,192 + 8,192 + 3,617), each sorted in place, no copy of them all
        Assert.Equal([8192, 8192, 3617], built.Runs.Select(r => r.Length));
        Assert.Equal(added.Order().ToArray(), built);
        Assert.All(added, h => Assert.True(built.Contains(h)));
        Assert.False(built.Contains(7919UL * 20_002));
        Assert.False(built.Contains(1));
    }

    [Fact]
    public void Read_RecordOfManyUnlistedPaths_RunsOfAtMost8192()
    {
        // Given
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 100_000).Select(_ => (ulong)random.NextInt64()).ToArray();
        var record = LayerContentsSerializer.Write(new LayerContents
        {
            Index = 0, DiffId = Digest.Sha256([]), Entries = [], Unlisted = UnlistedPathSet.Of(hashes), EntriesRead = hashes.Length,
        });

        // When
        var back = LayerContentsSerializer.Read(record, 0)!.Unlisted;

        // Then: runs below the large object heap, globally ascending (so only one run is searched per lookup)
        Assert.All(back.Runs, r => Assert.True(r.Length <= UnlistedPathSet.RunLength));
        Assert.Equal(hashes.Order(), back);
        Assert.True(back.Contains(hashes[12_345]));
    }

    private static LayerContents Read(byte[] tar) =>
        new LayerTarReader(0, "layer 0", [new PathInterest("etc/os-release")], LayerWalkOptions.Default,
            new ContentBudget(LayerWalkOptions.Default.MaxTotalContentBytes)).Read(new MemoryStream(tar), CancellationToken.None);
}

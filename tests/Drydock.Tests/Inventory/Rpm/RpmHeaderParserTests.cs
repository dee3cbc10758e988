using System.Buffers.Binary;
using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Rpm;

public sealed class RpmHeaderParserTests
{
    [SharedDataFact]
    public void Parse_GoRpmdbFuzzSeed_RejectedWithMessage()
    {
        // go-rpmdb's blob.bin is the seed of its FuzzHeaderImport (which asserts only "no panic"): Fedora 35's
        // publicsuffix-list-dafsa header with DIRINDEXES (0,1,2,4) pointing past its 4 DIRNAMES. We skip such a
        // package with a message instead of listing wrong files.
        var header = RpmHeaderParser.Parse(File.ReadAllBytes(SharedTestData.Path("go-rpmdb/pkg/testdata/blob.bin")), out var error);

        Assert.Null(header);
        Assert.Equal("DIRINDEXES[3] out of range", error);
    }

    [SharedDataFact]
    public void Parse_EveryTruncationOfARealBlob_NeverThrows()
    {
        // Given: a real header, cut at every length (hostile input: sizes that point past the end)
        var blob = File.ReadAllBytes(SharedTestData.Path("go-rpmdb/pkg/testdata/blob.bin"));

        // When / Then: each cut either decodes or is rejected with a message
        for (var n = 0; n < blob.Length; n += 7)
        {
            var header = RpmHeaderParser.Parse(blob.AsSpan(0, n), out var error);
            Assert.True(header is not null || error is not null);
        }
    }

    [SharedDataFact]
    public void Parse_OffsetOutOfRange_RejectedWithMessage()
    {
        // Given: the first index entry's offset pointed far past the data store
        var blob = File.ReadAllBytes(SharedTestData.Path("go-rpmdb/pkg/testdata/blob.bin"));
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8 + 8), int.MaxValue);

        // When
        var header = RpmHeaderParser.Parse(blob, out var error);

        // Then
        Assert.Null(header);
        Assert.Contains("outside the data store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_GarbageDatabases_WarnWithPathAndLayer()
    {
        // Given: files with the right names but no database in them
        var fs = new MemoryFileSystem()
            .AddFile("var/lib/rpm/Packages", new byte[4096], layer: 2)
            .AddFile("var/lib/rpm/Packages.db", "RpmP but not really", layer: 2)
            .AddFile("var/lib/rpm/rpmdb.sqlite", "not sqlite at all, sorry", layer: 2);

        foreach (var analyzer in new[] { RpmDatabaseAnalyzer.BerkeleyDb, RpmDatabaseAnalyzer.Ndb, RpmDatabaseAnalyzer.Sqlite })
        {
            // When
            var result = analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), OsInfo.Unknown, CancellationToken.None));

            // Then
            Assert.Empty(result.Packages);
            var warning = Assert.Single(result.Warnings);
            Assert.Equal(2, warning.LayerIndex);
            Assert.StartsWith("var/lib/rpm/", warning.Path, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("util-linux-2.32.1-42.el8_8.src.rpm", "util-linux", "2.32.1-42.el8_8")]
    [InlineData("system-release-2023.1.20230825-0.amzn2023.src.rpm", "system-release", "2023.1.20230825-0.amzn2023")]
    [InlineData("broken.src.rpm", null, null)]
    public void ParseSourceRpm_Names_Split(string sourceRpm, string? name, string? versionRelease)
    {
        Assert.Equal((name, versionRelease), RpmPackageFactory.ParseSourceRpm(sourceRpm));
    }
}

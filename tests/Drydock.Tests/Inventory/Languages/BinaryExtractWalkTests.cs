using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Go;
using Drydock.Inventory.Languages.Rust;
using Drydock.Scanning.Cache;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>
/// The binary analyzers through the layer walker and the layer cache: executables are analysed while the tar streams
/// past, only the extracts are kept, and the packages equal those found by parsing the whole files.
/// </summary>
public sealed class BinaryExtractWalkTests
{
    private static readonly GoBinaryAnalyzer Go = new();
    private static readonly RustBinaryAnalyzer Rust = new();

    private static readonly byte[] GoElf = ElfBuilder.Build(true, false, (".text", new byte[5000]),
        (".go.buildinfo", GoBinaryAnalyzerTests.BuildInfoBlob("go1.22.1", GoBinaryAnalyzerTests.ModInfo)));

    private static readonly byte[] RustElf = ElfBuilder.Build(true, false, (".text", new byte[4096]),
        (".dep-v0", RustBinaryAnalyzerTests.Zlib(RustBinaryAnalyzerTests.AuditJson)));

    // A pointer size of 3 is invalid (debug/buildinfo accepts 4 or 8): the parser throws.
    private static readonly byte[] DamagedGoElf = ElfBuilder.Build(true, false, (".text", new byte[5000]),
        (".go.buildinfo", [0xFF, .. " Go buildinf:"u8, 3, 2, .. new byte[40]]));

    private static readonly byte[] PlainElf = ElfBuilder.Build(true, false, (".text", new byte[8192]));

    private static FakeImage Image() => new FakeImage().Layer(new TarBuilder()
        .File("usr/local/bin/tool", GoElf, mode: 0x1ED)
        .File("usr/bin/myapp", RustElf, mode: 0x1ED)
        .File("opt/broken", DamagedGoElf, mode: 0x1ED)
        .File("usr/bin/plain", PlainElf, mode: 0x1ED));

    private static MemoryFileSystem WholeFiles() => new MemoryFileSystem()
        .AddFile("usr/local/bin/tool", GoElf, mode: 0x1ED)
        .AddFile("usr/bin/myapp", RustElf, mode: 0x1ED)
        .AddFile("opt/broken", DamagedGoElf, mode: 0x1ED)
        .AddFile("usr/bin/plain", PlainElf, mode: 0x1ED);

    private static string[] Describe(AnalyzerResult result) =>
    [
        .. result.Packages.Select(p => $"{p.Purl} {p.FoundIn} {p.LayerIndex} {string.Join(",", p.DependsOn)}").Order(StringComparer.Ordinal),
        .. result.Warnings.Select(w => w.ToString()).Order(StringComparer.Ordinal),
    ];

    private static AnalyzerResult Analyze(IFileSystemView fs, IAnalyzer analyzer) =>
        analyzer.Analyze(new AnalysisContext(fs, OsInfo.Unknown, CancellationToken.None));

    [Fact]
    public async Task ReadLayer_Executables_KeepsExtractsNotContents()
    {
        // Given
        var image = Image();

        // When
        var layer = await LayerWalker.ReadLayerAsync(image, 0, [Go, Rust], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // Then: no file content is kept; the Go binary keeps its build-info strings, the Rust one its section, the
        // damaged one its failure, the plain ELF nothing.
        Assert.All(layer.Entries, e => Assert.Null(e.Content));
        var extracts = layer.Entries.ToDictionary(e => e.Entry.Path, e => e.Extracts.Select(x => x.ExtractorId).ToArray());
        Assert.Equal(["go-binary"], extracts["usr/local/bin/tool"]);
        Assert.Equal(["rust-binary"], extracts["usr/bin/myapp"]);
        Assert.Equal(["go-binary"], extracts["opt/broken"]);
        Assert.Empty(extracts["usr/bin/plain"]);
        Assert.All(layer.Entries.SelectMany(e => e.Extracts), x => Assert.True(x.Data.Length < 1024, $"{x.ExtractorId}: {x.Data.Length} bytes"));
    }

    [Fact]
    public async Task Analyze_WalkedAndCachedLayer_EqualsWholeFileAnalysis()
    {
        // Given
        var walked = await LayerWalker.ReadLayerAsync(Image(), 0, [Go, Rust], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
        var cached = LayerContentsSerializer.Read(LayerContentsSerializer.Write(walked), 0)!;

        // When
        var fromWalk = FileSystemView.Squash([walked]);
        var fromCache = FileSystemView.Squash([cached]);
        var whole = WholeFiles();

        // Then
        foreach (var analyzer in new IAnalyzer[] { Go, Rust })
        {
            var expected = Describe(Analyze(whole, analyzer));
            Assert.Equal(expected, Describe(Analyze(fromWalk, analyzer)));
            Assert.Equal(expected, Describe(Analyze(fromCache, analyzer)));
        }
        Assert.Contains("pkg:golang/github.com/spf13/cobra@v1.8.0 usr/local/bin/tool 0 ", Describe(Analyze(fromCache, Go)));
        Assert.Contains(Analyze(fromCache, Go).Warnings, w => w.Path == "opt/broken" && w.Message.Contains("pointer size", StringComparison.Ordinal));
        Assert.Equal(3, Analyze(fromCache, Rust).Packages.Count);
    }

    [Fact]
    public async Task Analyze_HardLinkToGoBinary_SharesTheTargetsExtract()
    {
        // Given: a hard link in an upper layer to a Go binary below
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/local/bin/tool", GoElf, mode: 0x1ED))
            .Layer(new TarBuilder().HardLink("usr/local/bin/tool2", "usr/local/bin/tool", mode: 0x1ED));

        // When
        var view = await LayerWalker.WalkAsync(image, [Go], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // Then
        Assert.NotNull(view.GetExtract("usr/local/bin/tool2", Go));
        Assert.Equal(view.GetExtract("usr/local/bin/tool", Go)!.Value.ToArray(), view.GetExtract("usr/local/bin/tool2", Go)!.Value.ToArray());
        Assert.Null(view.GetExtract("usr/local/bin/tool", Rust));
    }
}

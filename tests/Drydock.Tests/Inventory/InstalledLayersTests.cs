using System.Text;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Inventory;
using Drydock.Inventory.Apk;
using Drydock.Inventory.Dpkg;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory;

/// <summary>
/// The layer that installed each package of a single-file database (apk installed, dpkg status without info/*.list),
/// and of distroless status.d files, on images built layer by layer and read by the real layer walker.
/// </summary>
public sealed class InstalledLayersTests
{
    private const string ApkDb = "lib/apk/db/installed";

    [Fact]
    public async Task ApkAnalyze_DatabaseRewrittenByLaterLayers_EachPackageGetsTheLayerOfItsCurrentVersion()
    {
        // Given: musl in 0; busybox in 0, upgraded in 1 with libcrypto3 new; layer 2 adds ssl_client; layer 3 only
        // rewrites the database (an install and removal of something else)
        var image = new FakeImage()
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("busybox", "1.36.1-r15"))))
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("busybox", "1.36.1-r16"), ("libcrypto3", "3.1.4-r1"))))
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("busybox", "1.36.1-r16"), ("libcrypto3", "3.1.4-r1"), ("ssl_client", "1.36.1-r16"))))
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("busybox", "1.36.1-r16"), ("libcrypto3", "3.1.4-r1"), ("ssl_client", "1.36.1-r16"))));

        // When
        var result = await AnalyzeAsync(image, new ApkInstalledAnalyzer());

        // Then
        Assert.Empty(result.Warnings);
        Assert.Equal(new Dictionary<string, int> { ["musl"] = 0, ["busybox"] = 1, ["libcrypto3"] = 1, ["ssl_client"] = 2 },
            result.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
        Assert.All(result.Packages, p => Assert.Equal(ApkDb, p.FoundIn));
    }

    [Fact]
    public async Task ApkAnalyze_PackageRemovedThenInstalledAgain_LayerOfTheReinstall()
    {
        // Given: zlib in 0, removed in 1, installed again (same version) in 2
        var image = new FakeImage()
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("zlib", "1.3-r2"))))
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"))))
            .Layer(new TarBuilder().File(ApkDb, Apk(("musl", "1.2.4-r4"), ("zlib", "1.3-r2"))));

        // When
        var result = await AnalyzeAsync(image, new ApkInstalledAnalyzer());

        // Then
        Assert.Equal(new Dictionary<string, int> { ["musl"] = 0, ["zlib"] = 2 }, result.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
    }

    [Fact]
    public async Task DpkgStatusAnalyze_InfoListsStripped_LayerFromTheStatusOfEachLayer()
    {
        // Given: no var/lib/dpkg/info at all; curl installed in layer 1, libc6:i386 (multi-arch twin) in layer 2
        var image = new FakeImage()
            .Layer(new TarBuilder().File(DpkgStatusAnalyzer.StatusPath, Dpkg(("libc6", "2.36-9", "amd64"), ("curl", "7.88.1-10", "amd64"))))
            .Layer(new TarBuilder().File(DpkgStatusAnalyzer.StatusPath, Dpkg(("libc6", "2.36-9", "amd64"), ("curl", "7.88.1-10+deb12u5", "amd64"))))
            .Layer(new TarBuilder().File(DpkgStatusAnalyzer.StatusPath,
                Dpkg(("libc6", "2.36-9", "amd64"), ("curl", "7.88.1-10+deb12u5", "amd64"), ("libc6", "2.36-9", "i386"))));

        // When
        var result = await AnalyzeAsync(image, new DpkgStatusAnalyzer());

        // Then
        Assert.Equal(["curl amd64 1", "libc6 amd64 0", "libc6 i386 2"],
            result.Packages.Select(p => $"{p.Name} {p.Architecture} {p.LayerIndex}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DpkgStatusDirectoryAnalyze_PackageFilesFromSeveralLayers_EachTheLayerOfItsOwnFile()
    {
        // Given: distroless status.d: base-files in 0, libssl3 in 1, tzdata rewritten (upgraded) in 2
        const string dir = DpkgStatusDirectoryAnalyzer.Directory;
        var image = new FakeImage()
            .Layer(new TarBuilder().File(dir + "base-files", Dpkg(("base-files", "12.4", "amd64"))).File(dir + "tzdata", Dpkg(("tzdata", "2024a-0", "all"))))
            .Layer(new TarBuilder().File(dir + "libssl3", Dpkg(("libssl3", "3.0.11-1", "amd64"))))
            .Layer(new TarBuilder().File(dir + "tzdata", Dpkg(("tzdata", "2024b-0", "all"))));

        // When
        var result = await AnalyzeAsync(image, new DpkgStatusDirectoryAnalyzer());

        // Then
        Assert.Equal(new Dictionary<string, int> { ["base-files"] = 0, ["libssl3"] = 1, ["tzdata"] = 2 },
            result.Packages.ToDictionary(p => p.Name, p => p.LayerIndex));
    }

    [Fact]
    public void Find_DamagedLowerVersion_StopsThereWithTheLayerAbove()
    {
        // Given: layer 0's version cannot be read; layers 1 and 2 list a@1
        IReadOnlyList<FileVersion> versions = [new(0, "broken"u8.ToArray()), new(1, "a=1"u8.ToArray()), new(2, "a=1"u8.ToArray())];

        // When
        var layers = InstalledLayers.Find(versions, new Dictionary<string, string> { ["a"] = "1" }, Read);

        // Then
        Assert.Equal(1, layers["a"]);
        Assert.Empty(InstalledLayers.Find([], new Dictionary<string, string> { ["a"] = "1" }, Read));
    }

    private static Dictionary<string, string> Read(Stream s)
    {
        var text = new StreamReader(s).ReadToEnd();
        if (!text.Contains('=', StringComparison.Ordinal)) throw new InvalidDataException("not a=b");
        return text.Split('\n').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
    }

    private static async Task<AnalyzerResult> AnalyzeAsync(FakeImage image, IAnalyzer analyzer)
    {
        var view = await LayerWalker.WalkAsync(image, [analyzer], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
        return analyzer.Analyze(new AnalysisContext(view, new OsInfo { Family = "debian", Version = "12" }, CancellationToken.None));
    }

    private static string Apk(params (string Name, string Version)[] packages) =>
        string.Concat(packages.Select(p => $"P:{p.Name}\nV:{p.Version}\nA:x86_64\no:{p.Name}\n\n"));

    private static string Dpkg(params (string Name, string Version, string Arch)[] packages) =>
        string.Join("\n", packages.Select(p => $"Package: {p.Name}\nStatus: install ok installed\nVersion: {p.Version}\nArchitecture: {p.Arch}\n"));
}

using Drydock.Images.FileSystem;
using Drydock.Images.Inspection;
using Drydock.Images.Inspection.Listing;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Layers;

namespace Drydock.Tests.Images.Inspection;

/// <summary>
/// The streamed listing of <c>inspect --list-files</c> against the squashed tree it replaces (<see cref="FileSystemView"/>
/// with <see cref="EveryEntry"/>): seeded random layers over a small name space, so paths collide, directories turn
/// into files and back, whiteouts, opaque markers and hard links meet entries of other layers and of their own.
/// </summary>
public sealed class SquashedListingTests
{
    private static readonly string[] Names = ["a", "b", "a-b", "c"];

    [Fact]
    public async Task ReadAsync_SeededRandomLayers_SameLinesAsTheSquashedTree()
    {
        for (var seed = 0; seed < 1500; seed++)
        {
            // Given
            var image = RandomImage(new Random(seed));

            // When
            var expected = Lines(ImageInspector.Inspect(image, await LayerTestKit.WalkAsync(image)).Files!);
            using var listing = await SquashedListing.ReadAsync(image, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

            // Then
            Assert.True(expected.SequenceEqual(Lines(listing)), $"seed {seed}:\n{string.Join('\n', expected)}\n---\n{string.Join('\n', Lines(listing))}");
        }
    }

    [Fact]
    public async Task ReadAsync_HardLinks_SizeOfTheTargetAndBrokenOnesWarned()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/bin/perl", "12345").HardLink("usr/bin/perl5", "usr/bin/perl"))
            .Layer(new TarBuilder().HardLink("usr/bin/perl-again", "usr/bin/perl5").HardLink("usr/bin/none", "usr/bin/missing"));
        var progress = new RecordingProgressSink();

        // When
        using var listing = await SquashedListing.ReadAsync(image, LayerWalkOptions.Default, progress, CancellationToken.None);

        // Then
        var files = listing.ToDictionary(f => f.Path);
        Assert.Equal(5, files["usr/bin/perl5"].Size);
        Assert.Equal(5, files["usr/bin/perl-again"].Size);
        Assert.Equal(0, files["usr/bin/none"].Size);
        Assert.Equal(["layer 1: hard link 'usr/bin/none' → 'usr/bin/missing': no such regular file"], progress.Warnings);
    }

    [Fact]
    public async Task ReadAsync_ManyRunsOfLines_MergedInOrder()
    {
        // Given: more lines than one sort run holds, written in reverse order over two layers
        var lower = new TarBuilder();
        var upper = new TarBuilder();
        for (var i = ListingSorter.RunLength + 100; i >= 0; i--) (i % 2 == 0 ? lower : upper).File($"d/f{i:D6}", "");
        var image = new FakeImage().Layer(lower).Layer(upper);

        // When
        using var listing = await SquashedListing.ReadAsync(image, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // Then
        var paths = listing.Select(f => f.Path).ToList();
        Assert.Equal(ListingSorter.RunLength + 102, paths.Count);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.Equal(1, listing.Single(f => f.Path == "d/f000001").Layer);
    }

    [Fact]
    public async Task ReadAsync_PastTheImageEntryBound_Refused()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("a", "").File("b", "")).Layer(new TarBuilder().File("c", "").File("d", ""));

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => SquashedListing.ReadAsync(
            image, LayerWalkOptions.Default with { MaxEntriesPerImage = 3 }, NullProgressSink.Instance, CancellationToken.None));

        // Then
        Assert.Contains("the image holds more than 3 entries over all its layers", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Lines(IEnumerable<InspectedFile> files) =>
        [.. files.Select(f => $"{f.Mode} {f.Uid}:{f.Gid} {f.Size} L{f.Layer} {f.Path} -> {f.LinkTarget}")];

    private static FakeImage RandomImage(Random random)
    {
        var image = new FakeImage();
        var layers = random.Next(1, 5);
        for (var l = 0; l < layers; l++)
        {
            var tar = new TarBuilder();
            var entries = random.Next(0, 10);
            for (var e = 0; e < entries; e++)
            {
                var path = RandomPath(random);
                switch (random.Next(10))
                {
                    case 0 or 1 or 2:
                        tar.File(path, new string('x', random.Next(0, 5)), mode: random.Next(0, 0xfff), uid: random.Next(3), gid: random.Next(3));
                        break;
                    case 3 or 4:
                        tar.Directory(path, mode: random.Next(0, 0x1ff), uid: random.Next(3));
                        break;
                    case 5:
                        tar.Symlink(path, RandomPath(random));
                        break;
                    case 6:
                        tar.HardLink(path, RandomPath(random));
                        break;
                    case 7:
                        tar.Whiteout(path);
                        break;
                    case 8:
                        if (random.Next(8) == 0) tar.File(".wh..wh..opq", "");
                        else tar.Opaque(path);
                        break;
                    default:
                        tar.Fifo(path);
                        break;
                }
            }
            image.Layer(tar);
        }
        return image;
    }

    private static string RandomPath(Random random) =>
        string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Names[random.Next(Names.Length)]));
}

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Fuzz;

/// <summary>
/// Issue 18's fuzzing harness for images: valid layers, gzip streams and OCI documents built with the test builders,
/// then mutated by a seeded generator (<see cref="ImageMutator"/>). The property: reading either succeeds or fails with
/// a <see cref="DrydockException"/> (exit 3, one line), never another exception type, and each case ends in bounded
/// time. CI runs a fixed count per kind; <c>DRYDOCK_FUZZ_COUNT=N</c> (bench mode) runs N, <c>DRYDOCK_FUZZ_SEED</c>
/// starts elsewhere. A failure names its kind and seed: add it to <see cref="ImageFuzzRegressionTests"/>.
/// </summary>
public sealed class ImageFuzzTests
{
    internal static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_COUNT"), out var n) ? n : 150;
    internal static readonly int FirstSeed = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_SEED"), out var s) ? s : 1;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TarHeaders_Mutated_SucceedOrDrydockException()
    {
        for (var seed = FirstSeed; seed < FirstSeed + Count; seed++)
            await CheckAsync("tar", seed, () => ImageFuzz.WalkTarAsync(ImageMutator.MutateTar(seed)));
    }

    [Fact]
    public async Task GzipStreams_Mutated_SucceedOrDrydockException()
    {
        for (var seed = FirstSeed; seed < FirstSeed + Count; seed++)
            await CheckAsync("gzip", seed, () => ImageFuzz.WalkGzipAsync(ImageMutator.MutateGzip(seed)));
    }

    [Fact]
    public async Task OciDocuments_Mutated_SucceedOrDrydockException()
    {
        using var dir = new TestDirectory();
        for (var seed = FirstSeed; seed < FirstSeed + Math.Max(1, Count / 3); seed++)
        {
            var layout = dir.Path("oci-" + seed);
            ImageMutator.WriteMutatedLayout(seed, layout);
            await CheckAsync("oci", seed, () => ImageFuzz.OpenAndWalkAsync("oci:" + layout));
            Directory.Delete(layout, recursive: true);
        }
    }

    internal static async Task CheckAsync(string kind, int seed, Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await run();
        }
        catch (DrydockException e)
        {
            Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"{kind} seed {seed}: a message of more than one line: {e.Message}");
        }
        catch (Exception e)
        {
            Assert.Fail($"{kind} seed {seed}: {e}");
        }
        Assert.True(watch.Elapsed < Budget, $"{kind} seed {seed}: took {watch.Elapsed.TotalSeconds:F1} s");
    }
}

/// <summary>How the fuzz cases are read: as the product reads layers and images.</summary>
internal static class ImageFuzz
{
    private static readonly IFileInterest[] Interests = [new PathInterestAll(), EveryEntry.Instance];

    public static async Task WalkTarAsync(byte[] tar) =>
        await LayerWalker.WalkAsync(new FakeImage().Layer(tar), Interests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

    public static async Task WalkGzipAsync((byte[] Tar, byte[] Gzip) layer) =>
        await LayerWalker.WalkAsync(new FakeImage().Layer(layer.Tar, layer.Gzip, LayerCompression.Gzip), Interests,
            LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

    public static async Task OpenAndWalkAsync(string target)
    {
        await using var image = await ImageSources.OpenAsync(target, new ImageOpenOptions(), RemoteSourceFactories.Default, CancellationToken.None);
        await LayerWalker.WalkAsync(image, Interests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
    }

    private sealed class PathInterestAll : IFileInterest
    {
        public bool Wants(string path, long size, int mode) => size < 4096;
    }
}

/// <summary>The seeded generator: every case is a pure function of its seed.</summary>
internal static class ImageMutator
{
    public static byte[] ValidTar(Random random) => new TarBuilder(random.Next(2) == 0 ? System.Formats.Tar.TarEntryFormat.Pax : System.Formats.Tar.TarEntryFormat.Gnu)
        .Directory("etc/").File("etc/os-release", "ID=debian\nVERSION_ID=12\n")
        .File(string.Join('/', Enumerable.Repeat("long-directory-name", 8)) + "/file", "x", mode: 0x9ed)
        .Symlink("bin", "usr/bin").HardLink("etc/hard", "etc/os-release").CharDevice("dev/null", 1, 3)
        .Whiteout("var/old").Opaque("opt").File("usr/bin/tool", new byte[random.Next(0, 3000)])
        .Build();

    public static byte[] MutateTar(int seed)
    {
        var random = new Random(seed);
        var tar = ValidTar(random);
        var mutations = random.Next(1, 4);
        for (var i = 0; i < mutations; i++) tar = MutateTarOnce(random, tar);
        return tar;
    }

    private static byte[] MutateTarOnce(Random random, byte[] tar)
    {
        var headers = Enumerable.Range(0, tar.Length / 512).Where(b => IsHeader(tar, b * 512)).ToList();
        var header = headers.Count == 0 ? 0 : headers[random.Next(headers.Count)] * 512;
        switch (random.Next(7))
        {
            case 0: // a random byte anywhere (mostly a checksum error)
                tar[random.Next(tar.Length)] = (byte)random.Next(256);
                return tar;
            case 1: // a numeric field in base-256, any width, checksum fixed
                var (offset, length) = NumericFields[random.Next(NumericFields.Length)];
                var value = new byte[length];
                random.NextBytes(value);
                value[0] |= 0x80;
                return RawTarBuilder.Patch(tar, header, offset, value);
            case 2: // a numeric field of octal-looking garbage, checksum fixed
                var (o, l) = NumericFields[random.Next(NumericFields.Length)];
                return RawTarBuilder.Patch(tar, header, o, Encoding.ASCII.GetBytes(new string('7', random.Next(1, l + 1))));
            case 3: // the type flag, checksum fixed
                return RawTarBuilder.Patch(tar, header, 156, [(byte)"0123456789xgLKSDVMN\0A"[random.Next(21)]]);
            case 4: // truncated anywhere
                return tar[..random.Next(tar.Length)];
            case 5: // a PAX record of a random key and value before the first entry
                string[] keys = ["size", "uid", "gid", "mtime", "path", "linkpath", "junk"];
                var pax = new RawTarBuilder().Pax((keys[random.Next(keys.Length)], RandomValue(random))).Build();
                return [.. pax[..^1024], .. tar];
            default: // a name of random bytes, checksum fixed
                var name = new byte[random.Next(1, 100)];
                random.NextBytes(name);
                return RawTarBuilder.Patch(tar, header, 0, name);
        }
    }

    private static readonly (int Offset, int Length)[] NumericFields = [(100, 8), (108, 8), (116, 8), (124, 12), (136, 12), (148, 8), (329, 8), (337, 8)];

    private static string RandomValue(Random random) => random.Next(6) switch
    {
        0 => "99999999999999999999999",
        1 => "-" + random.NextInt64(),
        2 => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + random.Next(),
        3 => new string('a', random.Next(0, 6000)),
        4 => "../" + new string('.', random.Next(0, 5)) + "/x",
        _ => "",
    };

    private static bool IsHeader(byte[] tar, int offset)
    {
        var h = tar.AsSpan(offset, 512);
        return h.ContainsAnyExcept((byte)0) && h[257..262].SequenceEqual("ustar"u8);
    }

    public static (byte[] Tar, byte[] Gzip) MutateGzip(int seed)
    {
        var random = new Random(seed);
        var tar = ValidTar(random);
        var gzip = TarBuilder.Gzip(tar);
        switch (random.Next(4))
        {
            case 0:
                gzip[random.Next(gzip.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                gzip = gzip[..random.Next(gzip.Length)];
                break;
            case 2: // the header's flags (FEXTRA, FNAME, FCOMMENT…)
                gzip[3] = (byte)random.Next(256);
                break;
            default: // trailing garbage after the member
                var tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                gzip = [.. gzip, .. tail];
                break;
        }
        return (tar, gzip);
    }

    /// <summary>An OCI layout whose index, manifest or config was mutated and re-sealed under its new digest.</summary>
    public static void WriteMutatedLayout(int seed, string directory)
    {
        var random = new Random(seed);
        var built = new ImageBuilder().Layer(new TarBuilder().File("etc/os-release", "ID=alpine\n"), LayerCompression.Gzip)
            .EmptyStep("CMD [\"sh\"]").Label("a", "b").Build();
        var blobs = new Dictionary<string, byte[]>(built.Blobs);
        var manifestDigest = (string)built.Descriptor["digest"]!;
        var manifest = JsonNode.Parse(blobs[manifestDigest])!.AsObject();
        var configDigest = (string)manifest["config"]!["digest"]!;
        var target = random.Next(3);
        if (target == 1)
        {
            var config = Mutate(random, blobs[configDigest]);
            blobs[Digest.Sha256(config).ToString()] = config;
            manifest["config"]!["digest"] = Digest.Sha256(config).ToString();
            manifest["config"]!["size"] = config.Length;
        }
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        if (target == 2) manifestBytes = Mutate(random, manifestBytes);
        var descriptor = (JsonObject)built.Descriptor.DeepClone();
        descriptor["digest"] = Digest.Sha256(manifestBytes).ToString();
        descriptor["size"] = manifestBytes.Length;
        blobs[(string)descriptor["digest"]!] = manifestBytes;
        OciLayoutWriter.Write(directory, [descriptor], blobs);
        if (target == 0) File.WriteAllBytes(Path.Combine(directory, "index.json"), Mutate(random, File.ReadAllBytes(Path.Combine(directory, "index.json"))));
    }

    // A JSON document mutated either as bytes or as a tree (a value replaced by another type, a huge number, a deep array).
    private static byte[] Mutate(Random random, byte[] json)
    {
        if (random.Next(3) == 0)
        {
            var copy = (byte[])json.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            return copy;
        }
        var root = JsonNode.Parse(json)!;
        var values = new List<(JsonNode Parent, object Key)>();
        Collect(root, values);
        var (parent, key) = values[random.Next(values.Count)];
        JsonNode? replacement = random.Next(7) switch
        {
            0 => null,
            1 => JsonValue.Create(-1),
            2 => JsonValue.Create(1e308),
            3 => JsonValue.Create("sha256:" + new string('0', random.Next(0, 70))),
            4 => new JsonArray(),
            5 => new JsonObject { ["x"] = new JsonArray(JsonValue.Create(long.MaxValue)) },
            _ => JsonValue.Create("../../../etc/passwd"),
        };
        if (parent is JsonObject o) o[(string)key] = replacement;
        else ((JsonArray)parent)[(int)key] = replacement;
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> into)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o.ToList())
            {
                into.Add((o, k));
                if (v is not null) Collect(v, into);
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                into.Add((a, i));
                if (a[i] is { } v) Collect(v, into);
            }
        }
    }
}

/// <summary>Every crasher the image fuzzer found, kept by name (kind and seed) with what it broke.</summary>
public sealed class ImageFuzzRegressionTests
{
    [Fact]
    public async Task Tar_Seed3_ChecksumErrorNamingAnEntryWithNewlines_StaysOneLine()
    {
        // Found: a header whose name field held file data ("ID=debian\nVERSION_ID=12\n") made a three-line error
        await ImageFuzzTests.CheckAsync("tar", 3, () => ImageFuzz.WalkTarAsync(ImageMutator.MutateTar(3)));
        var tar = new RawTarBuilder().File("a\nb", "x").Build();
        tar[200] ^= 1;
        var e = await Assert.ThrowsAsync<DrydockException>(() => ImageFuzz.WalkTarAsync(tar));
        Assert.Contains("entry 'a\\x0ab': header checksum mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oci_Seed21_NullInADocument_DrydockException()
    {
        // Found: a JSON null where a descriptor's digest was expected ended in a NullReferenceException
        using var dir = new TestDirectory();
        ImageMutator.WriteMutatedLayout(21, dir.Path("oci"));
        await ImageFuzzTests.CheckAsync("oci", 21, () => ImageFuzz.OpenAndWalkAsync("oci:" + dir.Path("oci")));
    }
}

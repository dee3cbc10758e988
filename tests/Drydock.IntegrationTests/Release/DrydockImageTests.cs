using System.Formats.Tar;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Reports;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// Drydock's own image as scripts/build-image.sh makes it (docs/ci.md "The Drydock image"): it passes its own gate,
/// carries the OCI labels, runs as a non-root user and ships the SBOM that is also written beside the archive.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DrydockImageTests
{
    [IntegrationFact("buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task BuildImage_OwnGate_NoControlFailsAndLabelsAndSbomShipped()
    {
        // Given: the image, built (the script exits 1 when its own gate fails, so a built image passed)
        var dir = await DrydockImage.EnsureBuiltAsync();

        // When
        var gate = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "drydock-image.gate.json")))!;
        var sbomBeside = await File.ReadAllTextAsync(Path.Combine(dir, "drydock-image.cdx.json"));
        var sbomInside = ReadFromTopLayer(DrydockImage.Archive(dir), "usr/share/doc/drydock/sbom.cdx.json");

        // Then: no control fails; the ones this image can meet pass
        Assert.True(gate["gate"]!["passed"]!.GetValue<bool>());
        var outcomes = gate["controls"]!.AsArray().ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["outcome"]!.GetValue<string>());
        Assert.DoesNotContain("fail", outcomes.Values);
        foreach (var id in new[] { "CIS-4.1", "CIS-4.3", "CIS-4.6", "CIS-4.7", "CIS-4.8", "CIS-4.9", "CIS-4.10", "CIS-4.11" })
            Assert.Equal("pass", outcomes[id]);
        var config = gate["image"]!["config"]!;
        Assert.Equal("65532:65532", config["user"]!.GetValue<string>());
        var labels = config["labels"]!;
        var head = (await ExternalProcess.RunAsync("git", ["-C", SharedTestData.RepositoryRoot, "rev-parse", "HEAD"], TimeSpan.FromSeconds(30))).Trim();
        Assert.StartsWith(head, labels["org.opencontainers.image.revision"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("0.1.0", labels["org.opencontainers.image.version"]!.GetValue<string>());
        Assert.Equal("file://" + SharedTestData.RepositoryRoot, labels["org.opencontainers.image.source"]!.GetValue<string>());
        Assert.Equal(("debian", "12"), (gate["os"]!["family"]!.GetValue<string>(), gate["os"]!["version"]!.GetValue<string>()));
        // the SBOM inside is the one beside, and lists the Debian packages the binary runs on
        Assert.Equal(sbomBeside, sbomInside);
        var sbom = JsonNode.Parse(sbomBeside)!;
        Assert.Equal("CycloneDX", sbom["bomFormat"]!.GetValue<string>());
        var components = sbom["components"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "libc6", "libssl3", "ca-certificates", "base-files" }, components);
    }

    [IntegrationFact("buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task AotBinary_ServerVerb_HelpKeptRunRefusedInOneLine()
    {
        // Given: the NativeAOT publish the image is built from (issue 17: it leaves the server out)
        await DrydockImage.EnsureBuiltAsync();
        var binary = Path.Combine(DrydockImage.PublishDirectory!, "drydock");
        var env = new Dictionary<string, string> { ["DRYDOCK_CACHE_DIR"] = TestRoot.Sub("images", "drydock-self", "server-verb-cache") };

        // When
        var help = await ExternalTool.RunAsync(binary, ["server", "--help"], TimeSpan.FromMinutes(1), env);
        var run = await ExternalTool.RunAsync(binary, ["server", "--postgres", "Host=127.0.0.1"], TimeSpan.FromMinutes(1), env);

        // Then: the verb and its flags are documented as in every build; running it is a usage error in one line
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--postgres", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("framework-dependent build", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("built without the server", line, StringComparison.Ordinal);
    }

    [IntegrationFact("buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task AotBinary_StartupData_OnHugePagesUnlessTurnedOff()
    {
        // Given: the NativeAOT publish (its start-up constructor, Native/startup-pages.c, issue 17) on a kernel whose
        // transparent huge pages are not off
        var mode = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled") : "";
        if (!mode.Contains("[always]", StringComparison.Ordinal) && !mode.Contains("[madvise]", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"skipped: transparent huge pages are not enabled here ('{mode.Trim()}')");
            return;
        }
        await DrydockImage.EnsureBuiltAsync();
        var binary = Path.Combine(DrydockImage.PublishDirectory!, "drydock");
        var env = new Dictionary<string, string> { ["DRYDOCK_CACHE_DIR"] = TestRoot.Sub("images", "drydock-self", "pages-cache") };

        // When
        var on = await ExternalTool.RunAsync(binary, ["version", "--verbose"], TimeSpan.FromMinutes(1), env);
        var off = await ExternalTool.RunAsync(binary, ["version", "--verbose"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string>(env) { ["DRYDOCK_STARTUP_HUGEPAGES"] = "0" });

        // Then: the rehydrated data's mapping is marked for huge pages, and not when turned off
        Assert.Equal(0, on.ExitCode);
        Assert.Contains("start-up pages: huge pages asked for the data rehydrated at start", on.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, off.ExitCode);
        Assert.Contains("start-up pages: standard pages (DRYDOCK_STARTUP_HUGEPAGES=0)", off.Stdout, StringComparison.Ordinal);
    }

    [IntegrationFact("buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task AotBinary_Commits_PopulatedAtOnceUnlessTurnedOff()
    {
        // Given: the NativeAOT publish (its mprotect, Native/startup-pages.c, issue 17) on Linux 5.14 or later
        if (Environment.OSVersion.Version < new Version(5, 14))
        {
            Console.Error.WriteLine($"skipped: MADV_POPULATE_WRITE needs Linux 5.14 (this is {Environment.OSVersion.Version})");
            return;
        }
        await DrydockImage.EnsureBuiltAsync();
        var binary = Path.Combine(DrydockImage.PublishDirectory!, "drydock");
        var env = new Dictionary<string, string> { ["DRYDOCK_CACHE_DIR"] = TestRoot.Sub("images", "drydock-self", "commits-cache") };

        // When: version --verbose (the runtime commits some of its heap on the way)
        var on = await ExternalTool.RunAsync(binary, ["version", "--verbose"], TimeSpan.FromMinutes(1), env);
        var off = await ExternalTool.RunAsync(binary, ["version", "--verbose"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string>(env) { ["DRYDOCK_POPULATE_COMMITS"] = "0" });

        // Then
        Assert.Equal(0, on.ExitCode);
        Assert.Matches("\nheap commits: populated at once when made writable \\([1-9][0-9]* so far\\)\n", on.Stdout);
        Assert.Equal(0, off.ExitCode);
        Assert.Contains("heap commits: faulted page by page (DRYDOCK_POPULATE_COMMITS=0)", off.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A file of the docker-archive's last layer (uncompressed tar layers, as buildah writes them).</summary>
    private static string ReadFromTopLayer(string archive, string path)
    {
        var manifest = JsonNode.Parse(ReadEntry(archive, "manifest.json"))!;
        var top = manifest[0]!["Layers"]!.AsArray()[^1]!.GetValue<string>();
        using var outer = File.OpenRead(archive);
        using var reader = new TarReader(outer);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name != top) continue;
            using var layer = new TarReader(entry.DataStream!);
            while (layer.GetNextEntry() is { } file)
            {
                if (file.Name.TrimStart('.', '/') != path) continue;
                using var text = new StreamReader(file.DataStream!);
                return text.ReadToEnd();
            }
        }
        throw new InvalidOperationException($"{path} is not in the top layer of {archive}");
    }

    private static string ReadEntry(string archive, string name)
    {
        using var stream = File.OpenRead(archive);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name != name) continue;
            using var text = new StreamReader(entry.DataStream!);
            return text.ReadToEnd();
        }
        throw new InvalidOperationException($"{name} is not in {archive}");
    }
}

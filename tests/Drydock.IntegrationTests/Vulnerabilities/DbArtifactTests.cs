using System.Security.Cryptography;
using Drydock.Cli;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Tests.Vulnerabilities.Distribution;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// Issue 13 §1: <c>db push</c> / <c>db pull</c> / <c>--db-repository</c> against a real docker-registry (distribution 2.8)
/// on 127.0.0.1, over plain HTTP (<c>--insecure-registry</c>). Requests are counted in the registry's own log.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DbArtifactTests : IAsyncLifetime
{
    private readonly string _dir = TestRoot.NewRunDirectory("db-artifact");
    private RegistryServer? _registry;

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(["docker-registry", "htpasswd"]) is null) _registry = await RegistryServer.StartAsync(RegistryMode.Plain);
    }

    public Task DisposeAsync()
    {
        _registry?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private string Host => _registry!.Host;

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    private string Source(string cve)
    {
        var path = Path($"source-{cve}/vuln.db");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) ArtifactDatabase.Build(path, cve);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(args, stdout, stderr);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> PushAsync(string db, string reference, params string[] extra) =>
        RunAsync(["db", "push", $"{Host}/{reference}", "--db", db, "--insecure-registry", Host, .. extra]);

    private Task<(int Code, string Out, string Err)> PullAsync(string db, string reference, params string[] extra) =>
        RunAsync(["db", "pull", $"{Host}/{reference}", "--db", db, "--insecure-registry", Host, .. extra]);

    // distribution logs one "response completed" line per request it answered, with the method and URI.
    private async Task<List<string>> RequestsAsync()
    {
        await Task.Delay(300); // the registry writes the line after the answer left
        return [.. (await File.ReadAllLinesAsync(System.IO.Path.Combine(_registry!.Directory, "registry.log"))).Where(l => l.Contains("http.request.method=", StringComparison.Ordinal) && l.Contains("msg=\"response completed", StringComparison.Ordinal))];
    }

    private static int BlobGets(IEnumerable<string> requests) =>
        requests.Count(l => l.Contains("http.request.method=GET", StringComparison.Ordinal) && l.Contains("/blobs/sha256:", StringComparison.Ordinal));

    [IntegrationFact("docker-registry")]
    public async Task PushPull_RoundTrip_SameRows_ThenOneFeedChanged_OnlyItsLayerDownloaded()
    {
        // Given: a database of four feeds pushed, and a client database path
        var target = Path("client/vuln.db");
        var push = await PushAsync(Source("CVE-2021-1"), "team/db");
        Assert.True(push.Code == 0, push.Err);
        Assert.StartsWith($"{Host}/team/db:2@sha256:", push.Out, StringComparison.Ordinal);

        // When: pulled, then the Debian tracker changes upstream, is pushed and pulled again
        var first = await PullAsync(target, "team/db");
        var before = BlobGets(await RequestsAsync());
        var second = await PushAsync(Source("CVE-2021-2"), "team/db");
        var again = await PullAsync(target, "team/db");
        var after = BlobGets(await RequestsAsync());

        // Then: the first pull gives the same rows; the second push uploads one layer and the second pull downloads one
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("4 of 4 feed layers downloaded", first.Err, StringComparison.Ordinal);
        Assert.Contains("(1 uploaded, 3 already there)", second.Err, StringComparison.Ordinal);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("1 of 4 feed layers downloaded", again.Err, StringComparison.Ordinal);
        Assert.Contains("; 1 feed(s) replaced in the installed database", again.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("replaced", first.Err, StringComparison.Ordinal);
        Assert.Equal(1, after - before);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-2")), ArtifactDatabase.Rows(target));
    }

    private string SharedSource(string name, string nvdDescription)
    {
        var path = Path($"shared-{name}/vuln.db");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        ArtifactDatabase.BuildShared(path, nvdDescription);
        return path;
    }

    // The JSON report without its generatedAt line: what the scan found, from which database rows.
    private static async Task<(int Code, string Out, string Err)> ScanAsync(string db)
    {
        var (code, output, err) = await RunAsync("image", "docker-archive:" + TestImages.DockerArchive, "--scanners", "vuln", "--db", db, "--no-cache", "--quiet", "-f", "json");
        return (code, string.Join('\n', output.Split('\n').Where(l => !l.Contains("\"generatedAt\"", StringComparison.Ordinal))), err);
    }

    [IntegrationFact("docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task PushPull_IdNamedByThreeFeeds_SameFindings_ThenNvdChanged_OnlyItsLayerDownloaded()
    {
        // Given: a CVE of the test image's xz-utils that NVD rates and the Debian tracker and OSV name too, pushed
        await TestImages.EnsureBuiltAsync();
        var v1 = SharedSource("v1", "backdoor in liblzma");
        var v2 = SharedSource("v2", "malicious code in the xz tarballs");
        var target = Path("client/vuln.db");
        var push = await PushAsync(v1, "team/shared");
        Assert.True(push.Code == 0, push.Err);

        // When: pulled and scanned; then NVD's description changes, is pushed, pulled and scanned again
        var first = await PullAsync(target, "team/shared");
        var (sourceScan, pulledScan) = (await ScanAsync(v1), await ScanAsync(target));
        var before = BlobGets(await RequestsAsync());
        var second = await PushAsync(v2, "team/shared");
        var again = await PullAsync(target, "team/shared");
        var after = BlobGets(await RequestsAsync());
        var (newSourceScan, newPulledScan) = (await ScanAsync(v2), await ScanAsync(target));

        // Then: the same findings (the shared CVE's details from NVD's layer alone) and rows as the pushed databases;
        // the second push uploads NVD's layer only and the second pull downloads only it
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("3 of 3 feed layers downloaded", first.Err, StringComparison.Ordinal);
        Assert.True(pulledScan.Code is 0 or 1, pulledScan.Err);
        Assert.Contains(ArtifactDatabase.SharedCve, pulledScan.Out, StringComparison.Ordinal);
        Assert.Equal(sourceScan.Out, pulledScan.Out);
        Assert.Contains("(1 uploaded, 2 already there)", second.Err, StringComparison.Ordinal);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("1 of 3 feed layers downloaded", again.Err, StringComparison.Ordinal);
        Assert.Equal(1, after - before);
        Assert.Contains("malicious code in the xz tarballs", newPulledScan.Out, StringComparison.Ordinal);
        Assert.Equal(newSourceScan.Out, newPulledScan.Out);
        Assert.Equal(ArtifactDatabase.Rows(v2), ArtifactDatabase.Rows(target));
    }

    [IntegrationFact("docker-registry")]
    public async Task Pull_SchemaThreeTag_RefusedClearly_OldDatabaseKept()
    {
        // Given: an installed database, and a newer drydock's schema-3 database under :3
        var target = Path("client/vuln.db");
        Assert.Equal(0, (await PushAsync(Source("CVE-2021-1"), "team/db")).Code);
        Assert.Equal(0, (await PullAsync(target, "team/db")).Code);
        var installed = ArtifactDatabase.Rows(target);
        await PushSchemaThreeAsync(Source("CVE-2021-2"), "team/db", "3");

        // When
        var (code, _, err) = await PullAsync(target, "team/db:3");

        // Then
        Assert.Equal(3, code);
        Assert.Equal($"drydock: database {Host}/team/db:3 holds a database of schema version 3; this drydock reads version 2 (pull the :2 tag, or upgrade drydock); the database at {target} is kept as it was",
            err.TrimEnd('\n'));
        Assert.Equal(installed, ArtifactDatabase.Rows(target));
    }

    private Task PushSchemaThreeAsync(string database, string repository, string tag) => PushByHandAsync(database, repository, tag, 3, gzip: false);

    // An artifact written here rather than by `db push`: of another schema, or with SQLite layers (zstd, or gzip) as earlier drydocks pushed them.
    private async Task PushByHandAsync(string database, string repository, string tag, int schema, bool gzip, bool sqlite = false)
    {
        var work = Directory.CreateDirectory(Path($"by-hand-{repository.Replace('/', '-')}-{tag}")).FullName;
        var layers = FeedLayerExporter.Export(database, work, columns: !gzip && !sqlite, CancellationToken.None);
        if (gzip) layers = [.. layers.Select(Gzipped)];
        using var pusher = new RegistryPusher(Host, new RegistryClientOptions { InsecureRegistries = new HashSet<string> { Host } });
        var config = System.IO.Path.Combine(work, "config");
        await File.WriteAllBytesAsync(config, DbArtifact.EmptyConfig);
        await pusher.PushBlobAsync(repository, Drydock.Images.Digest.Sha256(DbArtifact.EmptyConfig), config, CancellationToken.None);
        foreach (var layer in layers) await pusher.PushBlobAsync(repository, layer.Digest, layer.Path, CancellationToken.None);
        var manifest = DbManifest.Write(layers, ArtifactDatabase.Built, schema);
        if (gzip) manifest = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(manifest).Replace(DbArtifact.FeedLayerMediaType, DbArtifact.FeedLayerGzipMediaType, StringComparison.Ordinal));
        await pusher.PushManifestAsync(repository, tag, Drydock.Images.MediaTypes.OciManifest, manifest, CancellationToken.None);
    }

    private static FeedLayer Gzipped(FeedLayer layer)
    {
        var path = layer.Path + ".gz";
        using (var input = new ZstdSharp.DecompressionStream(File.OpenRead(layer.Path)))
        using (var output = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.SmallestSize))
            input.CopyTo(output);
        return layer with { Path = path, Digest = Drydock.Images.Digest.Sha256(File.ReadAllBytes(path)), Size = new FileInfo(path).Length };
    }

    [IntegrationFact("docker-registry")]
    public async Task Pull_SqliteArtifactOfThePreviousVersion_Installed_ThenColumnsArtifactOverIt_SameRows()
    {
        // Given: the artifact as the previous drydock pushed it (owned details, zstd SQLite layers), then db push of a
        // changed database to the same tag (columns layers)
        var target = Path("client/vuln.db");
        await PushByHandAsync(Source("CVE-2021-1"), "team/prev", "2", 2, gzip: false, sqlite: true);

        // When
        var first = await PullAsync(target, "team/prev");
        var firstRows = ArtifactDatabase.Rows(target);
        var push = await PushAsync(Source("CVE-2021-2"), "team/prev");
        var second = await PullAsync(target, "team/prev");
        var fresh = await PullAsync(Path("fresh/vuln.db"), "team/prev");

        // Then: each pull gives its source's rows, whether it edited the installed database or built a new one
        Assert.True(first.Code == 0, first.Err);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-1")), firstRows);
        Assert.True(push.Code == 0, push.Err);
        Assert.True(second.Code == 0, second.Err);
        Assert.Contains("4 of 4 feed layers downloaded", second.Err, StringComparison.Ordinal);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-2")), ArtifactDatabase.Rows(target));
        Assert.True(fresh.Code == 0, fresh.Err);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-2")), ArtifactDatabase.Rows(Path("fresh/vuln.db")));
    }

    [IntegrationFact("docker-registry")]
    public async Task PullPush_GzipArtifactOfAnEarlierPush_InstalledSameRows_QuietPrintsOnlyTheResult()
    {
        // Given: the artifact as an earlier drydock pushed it, gzip feed layers
        var target = Path("client/vuln.db");
        await PushByHandAsync(Source("CVE-2021-1"), "team/old", "2", 2, gzip: true);

        // When: pulled, then pushed anew (zstd), both with -q; and a pull without -q for comparison
        var pull = await PullAsync(target, "team/old", "-q");
        var push = await PushAsync(Source("CVE-2021-2"), "team/new", "-q");
        var loud = await PullAsync(Path("loud/vuln.db"), "team/new");

        // Then: the same rows; with -q stderr holds the result line only, no progress; without it, the progress
        Assert.True(pull.Code == 0, pull.Err);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-1")), ArtifactDatabase.Rows(target));
        Assert.StartsWith($"drydock: database {Host}/team/old:2 (sha256:", Assert.Single(pull.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(push.Code == 0, push.Err);
        Assert.StartsWith("drydock: pushed ", Assert.Single(push.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(loud.Code == 0, loud.Err);
        Assert.Contains("drydock: pull: debian-tracker", loud.Err, StringComparison.Ordinal);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-2")), ArtifactDatabase.Rows(Path("loud/vuln.db")));
    }

    [IntegrationFact("docker-registry")]
    public async Task Pull_KeyRequired_SignedAccepted_UnsignedAndWrongKeyRefused_OldDatabaseKept()
    {
        // Given: two key pairs; the team's database signed with the first, another pushed unsigned
        var (privateKey, publicKey) = KeyPair("team");
        var (_, otherPublic) = KeyPair("other");
        var target = Path("client/vuln.db");
        Assert.Equal(0, (await PushAsync(Source("CVE-2021-1"), "team/signed", "--key", privateKey)).Code);
        Assert.Equal(0, (await PushAsync(Source("CVE-2021-2"), "team/unsigned")).Code);

        // When
        var signed = await PullAsync(target, "team/signed", "--db-key", publicKey);
        var installed = ArtifactDatabase.Rows(target);
        var unsigned = await PullAsync(target, "team/unsigned", "--db-key", publicKey);
        var wrongKey = await PullAsync(target, "team/signed:2", "--db-key", otherPublic);

        // Then
        Assert.True(signed.Code == 0, signed.Err);
        Assert.Equal(3, unsigned.Code);
        Assert.Contains("is refused: it is not signed", unsigned.Err, StringComparison.Ordinal);
        Assert.Equal(3, wrongKey.Code);
        Assert.Contains("is refused: no signature verifies with", wrongKey.Err, StringComparison.Ordinal);
        Assert.EndsWith($"the database at {target} is kept as it was", wrongKey.Err.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.Equal(installed, ArtifactDatabase.Rows(target));
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-1")), installed);
    }

    private (string Private, string Public) KeyPair(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (priv, pub) = (Path(name + ".key"), Path(name + ".pub"));
        File.WriteAllText(priv, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(pub, key.ExportSubjectPublicKeyInfoPem());
        return (priv, pub);
    }

    [IntegrationFact("docker-registry")]
    public async Task Pull_TwoConcurrent_OneDownloadOfEachLayer()
    {
        // Given
        Assert.Equal(0, (await PushAsync(Source("CVE-2021-1"), "team/db")).Code);
        var target = Path("client/vuln.db");
        var puller = DbRepositoryOptions.Puller(new HashSet<string> { Host }, NullProgressSink.Instance, null);
        var reference = DbArtifact.ParseReference($"{Host}/team/db");

        // When
        var results = await Task.WhenAll(Task.Run(() => puller.PullAsync(target, reference, CancellationToken.None)), Task.Run(() => puller.PullAsync(target, reference, CancellationToken.None)));

        // Then: one pull downloaded the four layers, the other found them installed
        Assert.Equal(4, results.Sum(r => r.Downloaded));
        Assert.Single(results, r => r.UpToDate);
        Assert.Equal(4, BlobGets(await RequestsAsync()));
    }

    [IntegrationFact("docker-registry", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_DbRepository_MissingPulls_FreshMakesNoRequest()
    {
        // Given: the team database in the registry, no local one
        await TestImages.EnsureBuiltAsync();
        Assert.Equal(0, (await PushAsync(Source("CVE-2021-1"), "team/db")).Code);
        var target = Path("client/vuln.db");
        string[] scan = ["image", "docker-archive:" + TestImages.DockerArchive, "--scanners", "vuln", "--db", target, "--no-cache", "--quiet",
            "--db-repository", $"{Host}/team/db", "--insecure-registry", Host, "-f", "json"];

        // When
        var first = await RunAsync(scan);
        var afterFirst = (await RequestsAsync()).Count;
        var second = await RunAsync(scan);
        var afterSecond = (await RequestsAsync()).Count;

        // Then
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains($"vulnerability database pulled from {Host}/team/db:2", first.Err, StringComparison.Ordinal);
        Assert.True(second.Code == 0, second.Err);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(ArtifactDatabase.Rows(Source("CVE-2021-1")), ArtifactDatabase.Rows(target));
    }
}

// The re-match bench's generator (bench/server-rematch.sh): N stored inventories with a realistic mix (Debian and Ubuntu
// images of 100-400 packages, Alpine, RHEL-family (Rocky 9), npm and PyPI applications on a Debian base), stored
// through the server's own ResultStore (SaveAllAsync, 500 per call) with their findings against database v1 (BatchMatcher); and two vulnerability databases,
// v1 (the base advisories) and v2 (v1 plus 1,000 new advisories). Deterministic (fixed seed).
//   ServerRematchGen --postgres DSN --count N --out DIR   → DIR/vuln.db (v1), DIR/vuln-v2.db (v2)
using System.Globalization;
using System.Security.Cryptography;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Server.Rematch;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal)).ToDictionary(x => x.a, x => args[x.i + 1], StringComparer.Ordinal);
if (!options.TryGetValue("--postgres", out var dsn) || !options.TryGetValue("--count", out var countText) || !options.TryGetValue("--out", out var outDir)
    || !int.TryParse(countText, CultureInfo.InvariantCulture, out var count) || count < 1)
{
    Console.Error.WriteLine("usage: ServerRematchGen --postgres DSN --count N --out DIR");
    return 2;
}
Directory.CreateDirectory(outDir);
var built1 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
var built2 = built1.AddDays(1);
var kinds = new Kind[]
{
    new("debian", 30, Os("debian", "12"), PackageType.Deb, 100, 400, null, 0, 0),
    new("ubuntu", 15, Os("ubuntu", "22.04"), PackageType.Deb, 100, 400, null, 0, 0),
    new("alpine", 20, Os("alpine", "3.19.1"), PackageType.Apk, 15, 80, null, 0, 0),
    new("rocky", 15, Os("rocky", "9.3"), PackageType.Rpm, 150, 300, null, 0, 0),
    new("npm-app", 10, Os("debian", "12"), PackageType.Deb, 100, 150, PackageType.Npm, 50, 300),
    new("pypi-app", 10, Os("debian", "12"), PackageType.Deb, 100, 150, PackageType.Python, 20, 100),
};
var pools = new Dictionary<PackageType, int> { [PackageType.Deb] = 3000, [PackageType.Apk] = 800, [PackageType.Rpm] = 2000, [PackageType.Npm] = 5000, [PackageType.Python] = 3000 };

// The advisories: per namespace, packages of its pool, fixed at 1.K.0 (so installed 1.A.B with A < K is affected).
var namespaces = new (string Ns, PackageType Type, string Scheme, int Weight)[]
{
    (AdvisoryNamespaces.ForOs(Os("debian", "12"))!, PackageType.Deb, "deb", 30), (AdvisoryNamespaces.ForOs(Os("ubuntu", "22.04"))!, PackageType.Deb, "deb", 15),
    (AdvisoryNamespaces.ForOs(Os("alpine", "3.19.1"))!, PackageType.Apk, "apk", 15), (AdvisoryNamespaces.ForOs(Os("rocky", "9.3"))!, PackageType.Rpm, "rpm", 15),
    ("npm", PackageType.Npm, "npm", 15), ("pypi", PackageType.Python, "pep440", 10),
};
var advisoryRandom = new Random(16);
List<AdvisoryRecord> Advisories(string prefix, int n) => [.. Enumerable.Range(0, n).Select(i =>
{
    var (ns, type, scheme, _) = Pick(advisoryRandom, namespaces, x => x.Weight);
    var id = $"{prefix}-{i:D5}";
    var affected = new AffectedPackage
    {
        Namespace = ns, Package = Name(type, Skewed(advisoryRandom, pools[type])), VulnerabilityId = id, VersionScheme = scheme,
        Fixed = Fixed(type, advisoryRandom.Next(1, 21)), Severity = (Severity)advisoryRandom.Next(1, 5), DataSource = "bench",
    };
    return new AdvisoryRecord(new VulnerabilityRecord { Id = id, Description = "bench advisory " + id }, [affected]);
})];
var baseAdvisories = Advisories("CVE-2099", 3000);
var newAdvisories = Advisories("CVE-2100", 1000);
var v1 = Path.Combine(outDir, "vuln.db");
var v2 = Path.Combine(outDir, "vuln-v2.db");
WriteDatabase(v1, baseAdvisories, built1);
WriteDatabase(v2, [.. baseAdvisories, .. newAdvisories], built2);

// The inventories, stored as a scan with database v1 would have stored them: chunks of images matched over one store
// (BatchMatcher: the server's matchers and gate filter) and written with ResultStore.SaveAllAsync (the server's own rows).
await using var database = await ServerDatabase.OpenAsync(dsn, CancellationToken.None);
var results = new ResultStore(database.Source);
var version = ScanRunner.Key(built1);
var started = DateTime.UtcNow;
var done = 0;
var mix = new Dictionary<string, int>(StringComparer.Ordinal);
const int Chunk = 500;
await Parallel.ForEachAsync(Enumerable.Range(0, (count + Chunk - 1) / Chunk), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (chunk, ct) =>
{
    var outcomes = new List<ScanOutcome>(Chunk);
    using (var store = SqliteAdvisoryStore.Open(v1))
    {
        var matcher = new BatchMatcher(store, TimeProvider.System);
        for (var i = chunk * Chunk; i < Math.Min(count, (chunk + 1) * Chunk); i++)
        {
            var random = new Random(1000 + i);
            var kind = Pick(random, kinds, k => k.Share);
            lock (mix) mix[kind.Name] = mix.GetValueOrDefault(kind.Name) + 1;
            var packages = Packages(random, kind.Type, random.Next(kind.Min, kind.Max + 1), kind.Os);
            if (kind.AppType is { } app) packages.AddRange(Packages(random, app, random.Next(kind.AppMin, kind.AppMax + 1), kind.Os));
            var inventory = new ImageInventory { Os = kind.Os, Packages = packages };
            outcomes.Add(new ScanOutcome
            {
                Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))),
                Repository = $"registry.example/{kind.Name}/app{i % 500}",
                DatabaseVersion = version,
                Os = $"{kind.Os.Family} {kind.Os.Version}",
                Packages = [.. packages.Select(p => new StoredPackage(p.Type.ToString().ToLowerInvariant(), p.Name, p.Version, p.Purl))],
                Findings = matcher.Match(inventory),
                Verdicts = [new StoredVerdict("CIS-4.1", "pass", "runs as a non-root user")],
                Reports = ReportFormats.All.ToDictionary(f => f, _ => "{}"u8.ToArray(), StringComparer.Ordinal),
                MatchInventory = MatchInventory.ToJson(inventory),
            });
        }
    }
    await results.SaveAllAsync(outcomes, ct);
    var total = Interlocked.Add(ref done, outcomes.Count);
    if (total / 5000 != (total - outcomes.Count) / 5000) Console.Error.WriteLine($"{total} inventories stored ({(DateTime.UtcNow - started).TotalSeconds:0}s)");
});
Console.WriteLine($"stored {count} inventories in {(DateTime.UtcNow - started).TotalSeconds:0.0}s: " + string.Join(", ", mix.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}")));
Console.WriteLine($"databases: {v1} (v1, {baseAdvisories.Count} advisories, {version}), {v2} (v2, +{newAdvisories.Count} advisories, {ScanRunner.Key(built2)})");
return 0;

static OsInfo Os(string family, string version) => new() { Family = family, Version = version };

static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, int> weight)
{
    var roll = random.Next(items.Sum(weight));
    foreach (var item in items)
    {
        roll -= weight(item);
        if (roll < 0) return item;
    }
    return items[^1];
}

// Common packages (libc, openssl…) are in most images: a square skews the picks towards the pool's start.
static int Skewed(Random random, int pool) => (int)(pool * Math.Pow(random.NextDouble(), 2));

static string Name(PackageType type, int index) => type switch
{
    PackageType.Npm => $"node-pkg{index}",
    PackageType.Python => $"py-pkg{index}",
    _ => $"lib{type.ToString().ToLowerInvariant()}{index}",
};

static string Fixed(PackageType type, int minor) => type switch
{
    PackageType.Deb => $"1.{minor}.0-1",
    PackageType.Apk => $"1.{minor}.0-r0",
    PackageType.Rpm => $"1.{minor}.0-1.el9",
    _ => $"1.{minor}.0",
};

static List<Package> Packages(Random random, PackageType type, int n, OsInfo os)
{
    var pool = type switch { PackageType.Deb => 3000, PackageType.Apk => 800, PackageType.Rpm => 2000, PackageType.Npm => 5000, _ => 3000 };
    var picked = new SortedSet<int>();
    while (picked.Count < Math.Min(n, pool)) picked.Add(Skewed(random, pool));
    return [.. picked.Select(index =>
    {
        var name = Name(type, index);
        var upstream = $"1.{(index * 7 + random.Next(3)) % 20}.{random.Next(10)}";
        var version = type switch { PackageType.Deb => upstream + "-1", PackageType.Apk => upstream + "-r0", PackageType.Rpm => upstream + "-1.el9", _ => upstream };
        var purl = type switch
        {
            PackageType.Deb => $"pkg:deb/{os.Family}/{name}@{version}?distro={os.Family}-{os.Version}",
            PackageType.Apk => $"pkg:apk/alpine/{name}@{version}?distro=alpine-{os.Version}",
            PackageType.Rpm => $"pkg:rpm/{os.Family}/{name}@{version}?distro={os.Family}-{os.Version}",
            PackageType.Npm => $"pkg:npm/{name}@{version}",
            _ => $"pkg:pypi/{name}@{version}",
        };
        var foundIn = type switch
        {
            PackageType.Deb => "var/lib/dpkg/status", PackageType.Apk => "lib/apk/db/installed", PackageType.Rpm => "var/lib/rpm/rpmdb.sqlite",
            PackageType.Npm => $"app/node_modules/{name}/package.json", _ => $"usr/lib/python3/site-packages/{name}-{version}.dist-info/METADATA",
        };
        return new Package { Type = type, Name = name, Version = version, Purl = purl, FoundIn = foundIn, LayerIndex = 0 };
    })];
}

static void WriteDatabase(string path, IReadOnlyList<AdvisoryRecord> advisories, DateTimeOffset built)
{
    if (File.Exists(path)) File.Delete(path);
    using var writer = DatabaseWriter.Create(path);
    foreach (var a in advisories) writer.Add(a);
    writer.SetFeed(new FeedState("bench", null, built, null, null, advisories.Count));
    writer.Commit(built);
}

internal sealed record Kind(string Name, int Share, OsInfo Os, PackageType Type, int Min, int Max, PackageType? AppType, int AppMin, int AppMax);

using System.Text.Json;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;
using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Vulnerabilities.Matching;

/// <summary>
/// Trivy's matcher conformance (testdata/trivy/DERIVED_matcher_cases.json): Trivy's fixture database translated into
/// ours, each image's asserted inventory matched, and the OS findings compared with what Trivy's goldens assert.
/// Red Hat / CentOS (ubi-7, centos-6) use Trivy's CPE-keyed "Red Hat" bucket and its "Red Hat CPE" content-set and
/// NVR maps, translated into CPE namespaces and product_cpe rows; ubi-7 is matched through its build NVR, centos-6
/// through the default content sets of release 6.
/// </summary>
public sealed class TrivyMatcherConformanceTests
{
    private const string Trivy = "trivy";

    public static TheoryData<string> Cases() =>
        ["alpine-310", "amazon-2", "debian-buster", "photon-30", "opensuse-leap-151", "opensuse-tumbleweed", "ubuntu-18.04",
         "gcr.io-distroless-base-latest", "oraclelinux-8-slim", "ubi-7", "centos-6"];

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void Match_TrivyFixtureDatabase_SameOsFindingsAsTrivy(string tag)
    {
        // Given
        using var db = TestDatabase.From(FixtureRecords().ToArray());
        using var store = db.Open();
        using var cases = JsonDocument.Parse(File.ReadAllText(SharedTestData.Path(Trivy + "/DERIVED_matcher_cases.json")));
        var c = cases.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("fanal_image_tag").GetString() == tag);
        var os = c.GetProperty("os_from_scan_golden");
        var inventory = Inventory(os.GetProperty("Family").GetString()!, os.GetProperty("Name").GetString()!,
            SharedTestData.Path(Trivy + "/" + c.GetProperty("packages_golden").GetString()));

        // When
        var findings = VulnerabilityScanner.Match(inventory, store);

        // Then
        var want = c.GetProperty("expected_os_vulns").EnumerateArray()
            .Select(v => string.Join(" ", v.GetProperty("VulnerabilityID").GetString(), v.GetProperty("PkgName").GetString(),
                v.GetProperty("InstalledVersion").GetString(), v.GetProperty("FixedVersion").GetString() is { Length: > 0 } f ? f : "-",
                v.GetProperty("Status").GetString()))
            .Order(StringComparer.Ordinal).ToList();
        var got = findings.Select(f => string.Join(" ", f.VulnerabilityId, f.PackageName, f.InstalledVersion, f.FixedVersion ?? "-", StatusNames.ToName(f.Status)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, got);
    }

    private static ImageInventory Inventory(string family, string version, string goldenPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(goldenPath));
        var type = family switch { "alpine" => PackageType.Apk, "debian" or "ubuntu" => PackageType.Deb, _ => PackageType.Rpm };
        var packages = doc.RootElement.EnumerateArray().Select(p =>
        {
            var epoch = p.TryGetProperty("Epoch", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 0;
            var full = Evr(epoch, Str(p, "Version")!, Str(p, "Release"));
            var srcEpoch = p.TryGetProperty("SrcEpoch", out var se) && se.ValueKind == JsonValueKind.Number ? se.GetInt32() : 0;
            var name = Str(p, "Name")!;
            var build = p.TryGetProperty("BuildInfo", out var b) && b.ValueKind == JsonValueKind.Object
                ? new RedHatBuildInfo
                {
                    Nvr = Str(b, "Nvr"),
                    Arch = Str(b, "Arch"),
                    ContentSets = b.TryGetProperty("ContentSets", out var cs) && cs.ValueKind == JsonValueKind.Array ? cs.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                }
                : null;
            return new Package
            {
                Architecture = Str(p, "Arch"),
                ModularityLabel = Str(p, "Modularitylabel"),
                BuildInfo = build,
                Type = type,
                Name = name,
                Version = full,
                Epoch = epoch == 0 ? null : epoch,
                SourceName = Str(p, "SrcName") is { } s && s != name ? s : null,
                SourceVersion = Str(p, "SrcVersion") is { } sv ? Evr(srcEpoch, sv, Str(p, "SrcRelease")) : null,
                Purl = $"pkg:{type.PurlType()}/{family}/{name}@{full}",
                FoundIn = "fixture",
                LayerIndex = 0,
            };
        }).ToList();
        return new ImageInventory { Os = new OsInfo { Family = family, Version = version }, Packages = packages };
    }

    private static string Evr(int epoch, string version, string? release) =>
        (epoch > 0 ? epoch + ":" : "") + version + (string.IsNullOrEmpty(release) ? "" : "-" + release);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Trivy's fixture buckets ("&lt;os&gt; &lt;release&gt;" → package → id → advisory) as our rows.</summary>
    private static IEnumerable<AdvisoryRecord> FixtureRecords()
    {
        var dir = SharedTestData.Path(Trivy + "/integration/testdata/fixtures/db");
        foreach (var file in new[] { "alpine", "amazon", "debian", "photon", "opensuse", "oracle", "ubuntu" })
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(Path.Combine(dir, file + ".yaml"))) yaml.Load(reader);
            foreach (YamlMappingNode bucket in (YamlSequenceNode)yaml.Documents[0].RootNode)
            {
                var ns = Namespace(Scalar(bucket, "bucket")!);
                foreach (YamlMappingNode package in (YamlSequenceNode)bucket["pairs"])
                {
                    var rows = new List<AffectedPackage>();
                    foreach (YamlMappingNode advisory in (YamlSequenceNode)package["pairs"])
                    {
                        var value = advisory.Children.TryGetValue(new YamlScalarNode("value"), out var v) ? v as YamlMappingNode : null;
                        var fixedVersion = value is null ? null : Scalar(value, "FixedVersion");
                        var status = fixedVersion is not null ? VulnerabilityStatus.Fixed : TrivyStatus(value is null ? null : Scalar(value, "Status"));
                        rows.Add(new AffectedPackage
                        {
                            Namespace = ns,
                            Package = Scalar(package, "bucket")!,
                            VulnerabilityId = Scalar(advisory, "key")!,
                            VersionScheme = AdvisoryNamespaces.SchemeOf(ns),
                            Fixed = fixedVersion,
                            Status = status,
                            DataSource = "trivy-fixture",
                        });
                    }
                    yield return new AdvisoryRecord(null, rows);
                }
            }
        }
        foreach (var record in RedHatFixtureRecords(dir)) yield return record;
    }

    /// <summary>
    /// Trivy's "Red Hat" bucket (package → advisory id → Entries[{Affected: CPE indices, Cves, FixedVersion, Status}])
    /// and "Red Hat CPE" bucket (repository / nvr → indices, index → CPE). An RHSA entry speaks for each CVE it lists;
    /// Trivy prints fixed versions without a zero epoch.
    /// </summary>
    private static IEnumerable<AdvisoryRecord> RedHatFixtureRecords(string dir)
    {
        var cpeYaml = Load(Path.Combine(dir, "cpe.yaml"));
        var buckets = ((YamlMappingNode)((YamlSequenceNode)cpeYaml)[0])["pairs"];
        var maps = ((YamlSequenceNode)buckets).Cast<YamlMappingNode>().ToDictionary(b => Scalar(b, "bucket")!, b => (YamlSequenceNode)b["pairs"]);
        var cpeByIndex = maps["cpe"].Cast<YamlMappingNode>().ToDictionary(p => Scalar(p, "key")!, p => Scalar(p, "value")!);
        var productCpes = new List<ProductCpe>();
        foreach (var kind in new[] { ProductCpe.Repository, ProductCpe.Nvr })
            foreach (YamlMappingNode pair in maps[kind])
                foreach (YamlScalarNode index in (YamlSequenceNode)pair["value"])
                    productCpes.Add(new ProductCpe(kind, Scalar(pair, "key")!, cpeByIndex[index.Value!]));
        yield return new AdvisoryRecord(null, []) { ProductCpes = productCpes };

        var redhat = (YamlMappingNode)((YamlSequenceNode)Load(Path.Combine(dir, "redhat.yaml")))[0];
        foreach (YamlMappingNode package in (YamlSequenceNode)redhat["pairs"])
        {
            var rows = new List<AffectedPackage>();
            foreach (YamlMappingNode advisory in (YamlSequenceNode)package["pairs"])
            {
                var key = Scalar(advisory, "key")!;
                foreach (YamlMappingNode entry in (YamlSequenceNode)((YamlMappingNode)advisory["value"])["Entries"])
                {
                    var fixedVersion = Scalar(entry, "FixedVersion") is { } f && f.StartsWith("0:", StringComparison.Ordinal) ? f[2..] : Scalar(entry, "FixedVersion");
                    var cpes = ((YamlSequenceNode)entry["Affected"]).Cast<YamlScalarNode>().Select(i => cpeByIndex.GetValueOrDefault(i.Value!)).OfType<string>().ToList();
                    foreach (YamlMappingNode cve in (YamlSequenceNode)entry["Cves"])
                        foreach (var cpe in cpes)
                            rows.Add(new AffectedPackage
                            {
                                Namespace = RedHatCpe.Namespace(cpe),
                                Package = Scalar(package, "bucket")!,
                                VulnerabilityId = key.StartsWith("CVE-", StringComparison.Ordinal) ? key : Scalar(cve, "ID")!,
                                VersionScheme = "rpm",
                                Fixed = fixedVersion,
                                Status = fixedVersion is not null ? VulnerabilityStatus.Fixed : TrivyStatus(Scalar(entry, "Status")),
                                DataSource = "trivy-fixture",
                            });
                }
            }
            yield return new AdvisoryRecord(null, rows);
        }
    }

    private static YamlNode Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        return yaml.Documents[0].RootNode;
    }

    private static string Namespace(string bucket)
    {
        var os = bucket switch
        {
            _ when bucket.StartsWith("amazon linux ", StringComparison.Ordinal) => new OsInfo { Family = "amazon", Version = bucket[13..] },
            _ when bucket.StartsWith("Photon OS ", StringComparison.Ordinal) => new OsInfo { Family = "photon", Version = bucket[10..] },
            _ when bucket.StartsWith("openSUSE Leap ", StringComparison.Ordinal) => new OsInfo { Family = "opensuse-leap", Version = bucket[14..] },
            "openSUSE Tumbleweed" => new OsInfo { Family = "opensuse-tumbleweed" },
            _ when bucket.StartsWith("Oracle Linux ", StringComparison.Ordinal) => new OsInfo { Family = "oracle", Version = bucket[13..] },
            _ => new OsInfo { Family = bucket.Split(' ')[0], Version = bucket.Split(' ')[1] },
        };
        return AdvisoryNamespaces.ForOs(os) ?? throw new InvalidOperationException("no namespace for bucket " + bucket);
    }

    // trivy-db types.Status: 1 not_affected, 2 affected, 3 fixed, 4 under_investigation, 5 will_not_fix, 6 fix_deferred, 7 end_of_life.
    private static VulnerabilityStatus TrivyStatus(string? value) => value switch
    {
        "1" => VulnerabilityStatus.NotAffected,
        "5" => VulnerabilityStatus.WillNotFix,
        "6" => VulnerabilityStatus.FixDeferred,
        "7" => VulnerabilityStatus.EndOfLife,
        _ => VulnerabilityStatus.Affected,
    };

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}

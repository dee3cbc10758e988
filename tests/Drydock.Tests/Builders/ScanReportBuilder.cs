using Drydock.Controls;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Vulnerabilities;

namespace Drydock.Testing;

/// <summary>
/// Builds a realistic <see cref="ScanReport"/> for report tests: a Debian 12 image of three layers (base, apt-get,
/// app) with deb, npm and pypi packages, findings of every status and severity, CIS controls that pass, fail with
/// evidence and skip, a failed gate and a fixed clock. Start from the sample and change what a test is about.
/// </summary>
public sealed class ScanReportBuilder
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    public const string ManifestDigest = "sha256:4a1c9e7e5b0f3c2d1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d";

    private readonly List<Package> packages = [.. SamplePackages()];
    private readonly List<Finding> findings = [.. SampleFindings()];
    private readonly List<ControlResult> controls = [.. SampleControls()];
    private GateResult? gate = new(false, 1,
    [
        "2 fixable CRITICAL/HIGH vulnerabilities: CVE-2023-38545, CVE-2023-45133",
        "control CIS-4.10 failed: a secret is stored in the image",
    ]);
    private ImageSummary image = SampleImage();
    private FreshnessReport? freshness = new()
    {
        Reference = "registry.example.com/shop/web:1.25.3",
        InUseImageId = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        LatestDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222",
        LatestImageId = "sha256:3333333333333333333333333333333333333333333333333333333333333333",
        Stale = true,
        Created = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero),
        NewerTags = new NewerTagReport("1.25.3", "1.25.4", null, "2.0.1"),
        BaseImage = "docker.io/library/debian:12",
        BaseLatestDigest = "sha256:4444444444444444444444444444444444444444444444444444444444444444",
        RebuildNeeded = true,
    };

    public ScanReportBuilder WithPackage(Package package) { packages.Add(package); return this; }
    public ScanReportBuilder WithFinding(Finding finding) { findings.Add(finding); return this; }
    public ScanReportBuilder WithoutFindings() { findings.Clear(); return this; }
    public ScanReportBuilder WithoutControls() { controls.Clear(); return this; }
    public ScanReportBuilder WithGate(GateResult? value) { gate = value; return this; }
    public ScanReportBuilder WithFreshness(FreshnessReport? value) { freshness = value; return this; }
    public ScanReportBuilder WithImage(Func<ImageSummary, ImageSummary> change) { image = change(image); return this; }

    public ScanReport Build() => new()
    {
        ToolVersion = "0.1.0",
        GeneratedAt = GeneratedAt,
        Image = image,
        Inventory = new ImageInventory
        {
            Os = new OsInfo { Family = "debian", Version = "12", Codename = "bookworm", PrettyName = "Debian GNU/Linux 12 (bookworm)", Source = "etc/os-release" },
            Packages = packages,
            Warnings = [new InventoryWarning("app/node_modules/left-pad/package.json", 2, "unexpected end of JSON input")],
        },
        Findings = findings,
        Controls = controls,
        Database = new DatabaseSummary(1, new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), ["osv:PyPI", "debian-tracker", "osv:npm"]),
        Gate = gate,
        Freshness = freshness,
        Coverage = new ScanCoverage
        {
            Matched = true,
            Targets =
            [
                new CoverageTarget("os", "debian 12", 3, "debian:12", ["debian-tracker"], null),
                new CoverageTarget("ecosystem", "npm", 1, "npm", ["osv:npm"], null),
                new CoverageTarget("ecosystem", "pypi", 1, "pypi", [], "the database has no pypi advisories"),
            ],
            Gaps =
            [
                new CoverageGap("not-covered", "pypi (1 package): not covered: the database has no pypi advisories"),
                new CoverageGap("unevaluated-ranges", "1 advisory range could not be evaluated, e.g. CVE-2024-9 for left-pad 1.3.0 in npm (a version of the range or '1.3.0' is not a valid npm version)"),
                new CoverageGap("inventory", "app/node_modules/left-pad/package.json (layer 2): unexpected end of JSON input", "app/node_modules/left-pad/package.json", 2),
            ],
            UnevaluatedRanges = 1,
            UnevaluatedExample = "CVE-2024-9 for left-pad 1.3.0 in npm (a version of the range or '1.3.0' is not a valid npm version)",
        },
        Warnings = [],
    };

    public static Package Deb(string name, string version, int layer, string? source = null, string? sourceVersion = null, string[]? licenses = null, string[]? dependsOn = null, int? epoch = null) => new()
    {
        Type = PackageType.Deb,
        Name = name,
        Version = version,
        Epoch = epoch,
        Architecture = "amd64",
        SourceName = source,
        SourceVersion = sourceVersion,
        Purl = $"pkg:deb/debian/{name}@{Inventory.Purl.PackageUrl.Encode(version)}?arch=amd64&distro=debian-12",
        Licenses = licenses ?? [],
        DependsOn = dependsOn ?? [],
        Maintainer = "Debian Maintainers <debian@example.org>",
        FoundIn = "var/lib/dpkg/status",
        LayerIndex = layer,
    };

    private static Package Lang(PackageType type, string? ns, string name, string version, string foundIn, string license, string[]? dependsOn = null) => new()
    {
        Type = type,
        Namespace = ns,
        Name = name,
        Version = version,
        Licenses = [license],
        DependsOn = dependsOn ?? [],
        FoundIn = foundIn,
        LayerIndex = 2,
        Purl = Inventory.Purl.PackageUrl.Build(type.PurlType(), ns, name, version),
    };

    private static IEnumerable<Package> SamplePackages() =>
    [
        Deb("libc6", "2.36-9+deb12u3", 0, "glibc", licenses: ["LGPL-2.1+", "GPL-2+"]),
        Deb("zlib1g", "1:1.2.13.dfsg-1", 0, "zlib", "1.2.13.dfsg-1", ["Zlib"], ["libc6"], epoch: 1),
        Deb("libssl3", "3.0.11-1~deb12u2", 0, "openssl", licenses: ["Apache-2.0"], dependsOn: ["libc6"]),
        Deb("perl-base", "5.36.0-7+deb12u1", 0, "perl", licenses: ["GPL-1+ or Artistic", "Artistic-dist"], dependsOn: ["libc6"]),
        Deb("libdb5.3", "5.3.28+dfsg2-1", 0, "db5.3", licenses: ["Sleepycat"], dependsOn: ["libc6"]),
        Deb("openssl", "3.0.11-1~deb12u2", 1, licenses: ["Apache-2.0"], dependsOn: ["libc6", "libssl3"]),
        Deb("curl", "7.88.1-10+deb12u4", 1, licenses: ["curl"], dependsOn: ["libc6", "libssl3", "zlib1g", "libcurl4"]),
        Lang(PackageType.Npm, null, "express", "4.18.2", "app/node_modules/express/package.json", "MIT", ["pkg:npm/body-parser@1.20.1"]),
        Lang(PackageType.Npm, null, "body-parser", "1.20.1", "app/node_modules/body-parser/package.json", "MIT"),
        Lang(PackageType.Npm, "@babel", "traverse", "7.22.5", "app/node_modules/@babel/traverse/package.json", "MIT"),
        Lang(PackageType.Python, null, "urllib3", "1.26.5", "usr/lib/python3/dist-packages/urllib3-1.26.5.dist-info/METADATA", "MIT"),
        Lang(PackageType.Python, null, "cryptography", "41.0.3", "usr/lib/python3/dist-packages/cryptography-41.0.3.dist-info/METADATA", "Apache-2.0 OR BSD-3-Clause"),
    ];

    private static string DebPurl(string name, string version) => $"pkg:deb/debian/{name}@{Inventory.Purl.PackageUrl.Encode(version)}?arch=amd64&distro=debian-12";

    public static Finding Vuln(string id, string purl, string package, string installed, string? fixedIn, VulnerabilityStatus status, Severity severity, string source, int layer) => new()
    {
        VulnerabilityId = id,
        PackagePurl = purl,
        PackageName = package,
        InstalledVersion = installed,
        FixedVersion = fixedIn,
        Status = status,
        Severity = severity,
        DataSource = source,
        LayerIndex = layer,
        References = [$"https://security-tracker.debian.org/tracker/{id}"],
    };

    private static IEnumerable<Finding> SampleFindings() =>
    [
        Vuln("CVE-2023-45133", "pkg:npm/%40babel/traverse@7.22.5", "@babel/traverse", "7.22.5", "7.23.2", VulnerabilityStatus.Fixed, Severity.Critical, "osv:npm", 2) with
        {
            Aliases = ["GHSA-67hx-6x53-jw92"], SeveritySource = "ghsa",
            Cvss = [new CvssScore("ghsa", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.3)],
            Title = "Babel vulnerable to arbitrary code execution when compiling specifically crafted malicious code",
            Description = "Using Babel to compile code that was specifically crafted by an attacker can lead to arbitrary code execution.",
            References = ["https://github.com/advisories/GHSA-67hx-6x53-jw92", "https://nvd.nist.gov/vuln/detail/CVE-2023-45133"],
            Published = new DateTimeOffset(2023, 10, 12, 17, 15, 0, TimeSpan.Zero), Modified = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
        },
        Vuln("CVE-2023-45853", DebPurl("zlib1g", "1:1.2.13.dfsg-1"), "zlib1g", "1:1.2.13.dfsg-1", null, VulnerabilityStatus.WillNotFix, Severity.Critical, "debian-tracker", 0) with
        {
            StatusDetail = "unimportant", SeveritySource = "nvd",
            Suppression = new Suppression("waiver", "minizip is not built into zlib1g", "platform-team", new DateOnly(2027, 1, 31)),
            Cvss = [new CvssScore("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)],
            Title = "integer overflow in MiniZip's zipOpenNewFileInZip4_64",
        },
        Vuln("CVE-2023-38545", DebPurl("curl", "7.88.1-10+deb12u4"), "curl", "7.88.1-10+deb12u4", "7.88.1-10+deb12u5", VulnerabilityStatus.Fixed, Severity.High, "debian-tracker", 1) with
        {
            SeveritySource = "debian",
            Cvss = [new CvssScore("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), new CvssScore("cna", "4.0", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2)],
            Title = "SOCKS5 heap buffer overflow", Description = "curl <script>alert('desc')</script> overflows a heap buffer in the SOCKS5 proxy handshake.",
        },
        Vuln("CVE-2023-31484", DebPurl("perl-base", "5.36.0-7+deb12u1"), "perl-base", "5.36.0-7+deb12u1", null, VulnerabilityStatus.FixDeferred, Severity.High, "debian-tracker", 0) with
        {
            StatusDetail = "postponed", Title = "CPAN.pm does not verify TLS certificates",
        },
        Vuln("CVE-2023-4039", DebPurl("libc6", "2.36-9+deb12u3"), "libc6", "2.36-9+deb12u3", null, VulnerabilityStatus.WillNotFix, Severity.Medium, "debian-tracker", 0) with
        {
            StatusDetail = "no-dsa", Title = "stack protector does not protect dynamically-sized local variables on AArch64",
            Cvss = [new CvssScore("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 4.8)],
        },
        Vuln("CVE-2023-5678", DebPurl("libssl3", "3.0.11-1~deb12u2"), "libssl3", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1", VulnerabilityStatus.Fixed, Severity.Medium, "debian-tracker", 0) with
        {
            Cvss = [new CvssScore("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3)], Title = "excessive time spent in DH check / generation with large Q parameter value",
        },
        Vuln("CVE-2023-5678", DebPurl("openssl", "3.0.11-1~deb12u2"), "openssl", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1", VulnerabilityStatus.Fixed, Severity.Medium, "debian-tracker", 1) with
        {
            Cvss = [new CvssScore("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3)], Title = "excessive time spent in DH check / generation with large Q parameter value",
        },
        Vuln("CVE-2023-43804", "pkg:pypi/urllib3@1.26.5", "urllib3", "1.26.5", "1.26.17", VulnerabilityStatus.Fixed, Severity.Medium, "osv:PyPI", 2) with
        {
            Aliases = ["GHSA-v845-jxx5-vc9f"], Title = "Cookie request header isn't stripped during cross-origin redirects",
            References = ["https://github.com/advisories/GHSA-v845-jxx5-vc9f"],
        },
        Vuln("CVE-2024-2511", DebPurl("libssl3", "3.0.11-1~deb12u2"), "libssl3", "3.0.11-1~deb12u2", null, VulnerabilityStatus.Affected, Severity.Low, "debian-tracker", 0) with
        {
            Title = "unbounded memory growth with session handling in TLSv1.3",
        },
        Vuln("CVE-2023-49083", "pkg:pypi/cryptography@41.0.3", "cryptography", "41.0.3", "41.0.6", VulnerabilityStatus.Fixed, Severity.Low, "osv:PyPI", 2) with
        {
            Title = "NULL-dereference when loading PKCS7 certificates",
            Suppression = new Suppression("vex", "the service never loads PKCS7 data", Justification: "vulnerable_code_not_in_execute_path"),
        },
        Vuln("CVE-2019-8457", DebPurl("libdb5.3", "5.3.28+dfsg2-1"), "libdb5.3", "5.3.28+dfsg2-1", null, VulnerabilityStatus.EndOfLife, Severity.Unknown, "debian-tracker", 0) with
        {
            StatusDetail = "end-of-life", Title = "heap out-of-bound read in rtreenode()",
        },
    ];

    private static IEnumerable<ControlResult> SampleControls() =>
    [
        Control("CIS-4.1", "Ensure that a user for the container has been created", ControlOutcome.Fail, Severity.High, "The image runs as root: its config sets no User.",
            new Evidence { Message = "config User is empty (root)" }),
        Control("CIS-4.2", "Ensure that containers use only trusted base images", ControlOutcome.Pass, Severity.Medium, "The base image docker.io/library/debian:12 is on the trusted list."),
        Control("CIS-4.4", "Image is scanned and rebuilt with available security patches", ControlOutcome.Fail, Severity.Critical,
            "Rebuild needed: 2 vulnerabilities have fixes (1 CRITICAL, 1 HIGH) in 2 package(s); the base image docker.io/library/debian:12 moved on.",
            new Evidence { Message = "curl 7.88.1-10+deb12u3 → 7.88.1-10+deb12u4 fixes CVE-2023-38545 (CRITICAL)", LayerIndex = 1 }),
        Control("CIS-4.5", "Ensure Content trust for Docker is Enabled", ControlOutcome.Skip, Severity.Low, "Skipped: signatures are not checked for images read from an archive."),
        Control("CIS-4.6", "Ensure that HEALTHCHECK instructions have been added to container images", ControlOutcome.Fail, Severity.Low, "The image defines no HEALTHCHECK.",
            new Evidence { Message = "config Healthcheck is absent" }),
        Control("CIS-4.8", "Ensure setuid and setgid permissions are removed", ControlOutcome.Fail, Severity.Medium, "1 setuid file outside the allowed list.",
            new Evidence { Message = "setuid root binary (mode 4755)", Path = "/usr/bin/passwd", LayerIndex = 0 }),
        Control("CIS-4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", ControlOutcome.Pass, Severity.Low, "No ADD step fetches a URL or unpacks an archive after the base."),
        Control("CIS-4.10", "Ensure secrets are not stored in Dockerfiles", ControlOutcome.Fail, Severity.Critical, "A secret is set in the image environment.",
            new Evidence { Message = "ENV API_TOKEN=****", HistoryIndex = 3 }),
        Control("DRYDOCK-FRESHNESS", "Image is the latest version of its tag", ControlOutcome.Fail, Severity.Medium,
            "registry.example.com/shop/web:1.25.3 now names a newer image; pull and redeploy it; newer tags: 1.25.4 (same minor), 2.0.1 (newest).",
            new Evidence { Message = "in use: sha256:1111111111111111111111111111111111111111111111111111111111111111" }),
    ];

    private static ControlResult Control(string id, string title, ControlOutcome outcome, Severity severity, string summary, params Evidence[] evidence) => new()
    {
        Id = id,
        Title = title,
        Outcome = outcome,
        Severity = severity,
        Summary = summary,
        Evidence = evidence,
    };

    private static ImageSummary SampleImage()
    {
        var created = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        string Hex(char c) => new(c, 64);
        return new ImageSummary
        {
            Target = "oci-archive:shop-api.tar",
            Reference = "docker.io/example/shop-api:1.4.2",
            ManifestDigest = ManifestDigest,
            Id = "sha256:" + Hex('c'),
            Platform = "linux/amd64",
            Created = created,
            BaseImage = new Drydock.Bases.BaseImageIdentification
            {
                Reference = "docker.io/library/debian:12",
                Method = "layer-chain",
                LayerCount = 1,
                Trusted = true,
                TrustReason = "policy trusts docker.io/library/debian",
            },
            Layers =
            [
                new LayerSummary(0, "sha256:" + Hex('1'), "sha256:" + Hex('a'), 29_150_000, MediaTypes.OciLayerGzip, "/bin/sh -c #(nop) ADD file:6e3ba0c4 in / "),
                new LayerSummary(1, "sha256:" + Hex('2'), "sha256:" + Hex('b'), 12_400_000, MediaTypes.OciLayerGzip, "RUN /bin/sh -c apt-get update && apt-get install -y curl openssl # buildkit"),
                new LayerSummary(2, "sha256:" + Hex('3'), "sha256:" + Hex('d'), 3_300_000, MediaTypes.OciLayerGzip, "COPY . /app # buildkit"),
            ],
            Config = new ImageConfig
            {
                Created = created,
                Architecture = "amd64",
                Os = "linux",
                Config = new ContainerConfig
                {
                    Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NODE_ENV=production", "API_TOKEN=s3cr3t-t0ken-value"],
                    Cmd = ["node", "server.js"],
                    WorkingDir = "/app",
                    ExposedPorts = new Dictionary<string, object?> { ["8080/tcp"] = null },
                    Labels = new Dictionary<string, string> { ["org.opencontainers.image.source"] = "https://example.org/shop-api", ["maintainer"] = "shop team" },
                },
                RootFs = new RootFs { Type = "layers", DiffIds = ["sha256:" + Hex('a'), "sha256:" + Hex('b'), "sha256:" + Hex('d')] },
                History =
                [
                    new HistoryEntry { Created = created, CreatedBy = "/bin/sh -c #(nop) ADD file:6e3ba0c4 in / " },
                    new HistoryEntry { Created = created, CreatedBy = "/bin/sh -c #(nop)  CMD [\"bash\"]", EmptyLayer = true },
                    new HistoryEntry { Created = created, CreatedBy = "RUN /bin/sh -c apt-get update && apt-get install -y curl openssl # buildkit" },
                    new HistoryEntry { Created = created, CreatedBy = "ENV API_TOKEN=s3cr3t-t0ken-value", EmptyLayer = true },
                    new HistoryEntry { Created = created, CreatedBy = "COPY . /app # buildkit" },
                ],
            },
        };
    }
}

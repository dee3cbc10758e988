using System.Diagnostics;
using System.Text;
using Drydock.Inventory;
using Drydock.Inventory.Apk;
using Drydock.Inventory.Dpkg;
using Drydock.Inventory.Languages.Npm;
using Drydock.Inventory.Rpm;
using Drydock.Inventory.Rpm.Sqlite;
using Drydock.Tests.Builders;
using Drydock.Tests.Inventory.Rpm;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Fuzz;

/// <summary>
/// Issue 18: seeded mutations of real-shaped package databases, lockfiles and OSV records. Property: an analyzer
/// never throws (damage is a warning), a feed parser throws only its typed <see cref="FeedRecordException"/>, and
/// every case ends in bounded time. A fixed number of cases per format runs in CI (same seed, same cases);
/// <c>DRYDOCK_FUZZ_CASES</c> runs more, <c>DRYDOCK_FUZZ_SEED</c> another sequence. A case that ever failed is kept
/// below as a named regression test.
/// </summary>
public sealed class PackageDatabaseFuzzTests
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_CASES"), out var n) ? n : 150;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_SEED"), out var s) ? s : 18;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(3);
    private static readonly OsInfo Debian = new() { Family = "debian", Version = "12" };

    private const string Dpkg = """
        Package: libc6
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Multi-Arch: same
        Source: glibc
        Version: 2.36-9+deb12u4
        Depends: libgcc-s1, libssl3 (>= 3.0.0) | libssl1.1
        Conffiles:
         /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         .
         the system.

        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Source: zlib
        Version: 1:1.2.13.dfsg-1
        Description: compression library - runtime

        """;

    private const string Apk = """
        C:Q1kGr8rMSvKlA/SAP6HbJbIyjcWvU=
        P:musl
        V:1.2.4-r2
        A:x86_64
        S:383152
        I:622592
        T:the musl c library (libc) implementation
        U:https://musl.libc.org/
        L:MIT
        o:musl
        m:Timo Teräs <timo.teras@iki.fi>
        t:1698683935
        c:83b858f83b658bd34eca5d8ad4d145f673ae7e5e
        p:so:libc.musl-x86_64.so.1=1
        F:lib
        R:ld-musl-x86_64.so.1
        a:0:0:755
        Z:Q1Ms5hHq4K2RzlsuT1CWjcf2N9rdc=

        P:busybox
        V:1.36.1-r15
        A:x86_64
        D:so:libc.musl-x86_64.so.1
        F:bin
        R:busybox

        """;

    private const string PackageLock = """
        {"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app","dependencies":{"lodash":"^4.17.21"}},
        "node_modules/lodash":{"version":"4.17.21","resolved":"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz","license":"MIT"},
        "node_modules/@scope/x":{"version":"2.0.0","dev":true,"dependencies":{"lodash":"4"}}}}
        """;

    private const string PackageJson = """{"name":"lodash","version":"4.17.21","license":"MIT","dependencies":{"a":"1"},"author":{"name":"x"}}""";

    private const string Osv = """
        {"id":"GHSA-35jh-r3h4-6jhm","modified":"2024-01-01T00:00:00Z","published":"2021-02-15T00:00:00Z","aliases":["CVE-2021-23337"],
        "summary":"Command Injection in lodash","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
        "affected":[{"package":{"ecosystem":"npm","name":"lodash"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"4.17.21"}]}],
        "database_specific":{"severity":"HIGH"}},{"package":{"ecosystem":"PyPI","name":"x"},"versions":["1.0","1.1"]}],
        "references":[{"type":"WEB","url":"https://example.com"}]}
        """;

    [Fact]
    public void Dpkg_Mutated_NeverThrows() =>
        Run(Dpkg, 1, bytes => Analyze(new DpkgStatusAnalyzer(), DpkgStatusAnalyzer.StatusPath, bytes));

    [Fact]
    public void Apk_Mutated_NeverThrows() =>
        Run(Apk, 2, bytes => Analyze(new ApkInstalledAnalyzer(), "lib/apk/db/installed", bytes));

    [Fact]
    public void NpmLockfile_Mutated_NeverThrows() =>
        Run(PackageLock, 3, bytes => Analyze(new NpmLockfileAnalyzer(), "app/package-lock.json", bytes));

    [Fact]
    public void NpmPackageJson_Mutated_NeverThrows() =>
        Run(PackageJson, 4, bytes => Analyze(new NpmPackageJsonAnalyzer(), "app/node_modules/lodash/package.json", bytes));

    [Fact]
    public void RpmSqlite_Mutated_NeverThrows()
    {
        var db = RpmSqliteHostileTests.Database("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"
                                                 + "INSERT INTO Packages VALUES (1, x'8eade80100000000000000010000001000000000');"
                                                 + "CREATE TABLE 'Name' (key TEXT NOT NULL, hnum INTEGER NOT NULL);");
        Run(db, 5, bytes => Analyze(RpmDatabaseAnalyzer.Sqlite, "var/lib/rpm/rpmdb.sqlite", bytes), Math.Max(20, Cases / 5));
    }

    [SharedDataFact]
    public void RpmHeaders_Mutated_ParseNeverThrows()
    {
        // Given: real headers from an Amazon Linux 2023 rpmdb.sqlite
        var path = SharedTestData.Path("go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/rpmdb.sqlite");
        var headers = RpmSqliteReader.Read(File.OpenRead(path), CancellationToken.None).Blobs.Take(8).ToList();
        Assert.NotEmpty(headers);
        for (var i = 0; i < headers.Count; i++) Run(headers[i], 100 + i, bytes => RpmHeaderParser.Parse(bytes, out _), Math.Max(10, Cases / 4));
    }

    [Fact]
    public void Osv_Mutated_ThrowsOnlyTheTypedError() =>
        Run(Osv, 6, bytes =>
        {
            try
            {
                OsvFeed.ParseAsync(new MemoryStream(bytes), DateTimeOffset.UnixEpoch, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (FeedRecordException)
            {
                // the typed error: the record is skipped with a warning
            }
        });

    // Crashers the harness found, kept by name.

    [Fact]
    public Task Osv_CvssVectorWithoutSlash_TypedError() =>
        Assert.ThrowsAsync<FeedRecordException>(() => OsvFeed.ParseAsync(new MemoryStream(
            """{"id":"X-1","severity":[{"type":"CVSS_V3","score":"CVSS:3.1"}]}"""u8.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None));

    [Fact]
    public Task Osv_NotJson_TypedError() =>
        Assert.ThrowsAsync<FeedRecordException>(() => OsvFeed.ParseAsync(new MemoryStream("{\"id\":"u8.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None));

    private static void Analyze(IAnalyzer analyzer, string path, byte[] bytes)
    {
        var fs = new MemoryFileSystem().AddFile(path, bytes, layer: 1);
        var result = analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), Debian, CancellationToken.None));
        Assert.All(result.Warnings, w => Assert.Equal(path, w.Path));
    }

    private static void Run(string seed, int stream, Action<byte[]> target) => Run(Encoding.UTF8.GetBytes(seed.ReplaceLineEndings("\n")), stream, target);

    private static void Run(byte[] seed, int stream, Action<byte[]> target, int? cases = null)
    {
        var random = new Random(HashCode.Combine(Seed, stream) & int.MaxValue);
        for (var i = 0; i < (cases ?? Cases); i++)
        {
            var input = Mutate(seed, random);
            var clock = Stopwatch.StartNew();
            try
            {
                target(input);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i} (seed {Seed}, stream {stream}) threw {e.GetType().Name}: {e.Message}\ninput: {Convert.ToBase64String(input)}");
            }
            Assert.True(clock.Elapsed < PerCase, $"case {i} (seed {Seed}, stream {stream}) took {clock.Elapsed}");
        }
    }

    // One to four edits: flip, insert or delete bytes, truncate, splice in a token, or repeat a slice many times (the
    // shape of the quadratic and the oversized cases).
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        byte[][] tokens = [":"u8.ToArray(), "\n"u8.ToArray(), "\n "u8.ToArray(), "\n\n"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray(),
            "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), "\0"u8.ToArray(), "-1"u8.ToArray(), "99999999999999999999"u8.ToArray(),
            [0xff, 0xfe], [0xc3], "P:"u8.ToArray(), "Package: "u8.ToArray(), "(("u8.ToArray()];
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data.InsertRange(at, tokens[random.Next(tokens.Length)]); break;
                case 2 when data.Count > 0: data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 16))); break;
                case 3: data.RemoveRange(at, data.Count - at); break;
                case 4: data.Insert(at, (byte)random.Next(256)); break;
                default:
                    var length = Math.Min(data.Count - at, random.Next(1, 64));
                    var slice = data.GetRange(at, length).ToArray();
                    for (var r = random.Next(1, 3000); r > 0; r--) data.InsertRange(at, slice);
                    break;
            }
        }
        return [.. data];
    }
}

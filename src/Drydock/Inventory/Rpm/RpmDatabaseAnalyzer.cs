using Drydock.Images.FileSystem;
using Drydock.Inventory.Rpm.BerkeleyDb;
using Drydock.Inventory.Rpm.Ndb;
using Drydock.Inventory.Rpm.Sqlite;

namespace Drydock.Inventory.Rpm;

/// <summary>
/// RPM packages from one of rpm's three database formats, in <c>var/lib/rpm/</c> or <c>usr/lib/sysimage/rpm/</c>
/// (Fedora ≥ 36, SUSE; often with a symlink between them, so paths are de-duplicated after resolving). A header
/// that does not decode is a warning; the other packages are kept. The database is one file that every install
/// rewrites, so a package's layer is the one from which the database, as each layer wrote it, holds the same
/// name-epoch:version-release.arch (<see cref="InstalledLayers"/>).
/// </summary>
internal sealed class RpmDatabaseAnalyzer : IAnalyzer
{
    private static readonly string[] Directories = ["var/lib/rpm/", "usr/lib/sysimage/rpm/"];

    private readonly string _fileName;
    private readonly Func<Stream, CancellationToken, RpmBlobs> _read;

    private RpmDatabaseAnalyzer(string id, string fileName, Func<Stream, CancellationToken, RpmBlobs> read) =>
        (Id, _fileName, _read) = (id, fileName, read);

    public static RpmDatabaseAnalyzer Sqlite { get; } = new("rpm-sqlite", "rpmdb.sqlite", RpmSqliteReader.Read);

    public static RpmDatabaseAnalyzer BerkeleyDb { get; } = new("rpm-bdb", "Packages", (s, ct) => BerkeleyHashReader.Read(ReadAll(s), ct));

    public static RpmDatabaseAnalyzer Ndb { get; } = new("rpm-ndb", "Packages.db", (s, ct) => NdbPackagesReader.Read(ReadAll(s), ct));

    public string Id { get; }

    public int Version => 2;

    // Asked of every tar entry of every layer: a plain loop, no closure allocated per call (issue 17).
    public bool Wants(string path, long size, int mode)
    {
        if (!path.EndsWith(_fileName, StringComparison.Ordinal)) return false;
        foreach (var d in Directories)
        {
            if (path.Length == d.Length + _fileName.Length && path.StartsWith(d, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public bool WantsVersions(string path) => Wants(path, 0, 0);

    /// <summary>A database over <see cref="PackageDatabaseLimits.MaxRpmFileBytes"/> is not read (a coverage gap).</summary>
    public long MaxContentBytes(string path) => PackageDatabaseLimits.MaxRpmFileBytes;

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        var packages = new List<Package>();
        var warnings = new List<InventoryWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directories)
        {
            if (fs.Resolve(dir + _fileName) is not { Kind: FileKind.File } entry || !seen.Add(entry.Path) || !fs.HasContent(entry.Path))
                continue;
            RpmBlobs blobs;
            using (var stream = fs.OpenRead(entry.Path)) blobs = _read(stream, context.CancellationToken);
            warnings.AddRange(blobs.Problems.Select(p => new InventoryWarning(entry.Path, entry.LayerIndex, p)));
            var found = new List<(string Nevra, Package Package)>();
            foreach (var blob in blobs.Blobs)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var header = RpmHeaderParser.Parse(blob, out var error);
                if (header is null) warnings.Add(new InventoryWarning(entry.Path, entry.LayerIndex, "skipped a package header: " + error));
                else if (RpmPackageFactory.Build(header, context.Os, entry.Path, entry.LayerIndex) is { } package) found.Add((Nevra(header), package));
            }
            var current = found.Select(f => f.Nevra).Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => "", StringComparer.Ordinal);
            var layers = InstalledLayers.Find(fs.Versions(entry.Path), current, s => ReadNevras(s, context.CancellationToken));
            packages.AddRange(found.Select(f => f.Package with { LayerIndex = layers.GetValueOrDefault(f.Nevra, f.Package.LayerIndex) }));
        }
        return new AnalyzerResult { Packages = packages, Warnings = warnings };
    }

    // Several versions of one name.arch may be installed at once (kernels), so a package is keyed by all of its NEVRA.
    private static string Nevra(RpmHeader h) => $"{h.Name}-{h.Epoch ?? 0}:{h.Version}-{h.Release}.{h.Arch}";

    private Dictionary<string, string> ReadNevras(Stream stream, CancellationToken cancellationToken)
    {
        var nevras = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var blob in _read(stream, cancellationToken).Blobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (RpmHeaderParser.Parse(blob, out _) is { } h) nevras.TryAdd(Nevra(h), "");
        }
        return nevras;
    }

    private static byte[] ReadAll(Stream s)
    {
        using var buffer = new MemoryStream();
        s.CopyTo(buffer);
        return buffer.ToArray();
    }
}

using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Offline bundles (docs/database.md). Export writes <c>vuln.db</c> and <c>metadata.json</c> into a tar.gz. Import
/// takes such an archive, a <c>.tar</c>/<c>.tar.gz</c>/<c>.zip</c> of feed folders, or a directory of either, and
/// installs the database atomically; unpacking is bounded and takes only directories and regular files
/// (<see cref="BundleExtractor"/>), and the unpacked files are removed whatever happens.
/// </summary>
public static class BundleArchive
{
    public const string DatabaseEntry = "vuln.db";

    private const string ImportPrefix = ".import-";

    public static async Task ExportAsync(string databasePath, string archivePath, CancellationToken cancellationToken)
    {
        using var store = SqliteAdvisoryStore.Open(databasePath);
        var meta = store.Meta();
        var feeds = store.Feeds();
        await SafeFileWriter.WriteAsync(archivePath, async (file, ct) =>
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
            await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            await tar.WriteEntryAsync(databasePath, DatabaseEntry, ct);
            var json = new MemoryStream();
            await using (var w = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                foreach (var (k, v) in meta.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteStartArray("feeds");
                foreach (var f in feeds)
                {
                    w.WriteStartObject();
                    w.WriteString("name", f.Name);
                    w.WriteString("url", f.Url);
                    w.WriteString("fetched_at", f.FetchedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteNumber("records", f.Records);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            json.Position = 0;
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "metadata.json") { DataStream = json };
            await tar.WriteEntryAsync(entry, ct);
        }, cancellationToken);
    }

    public static async Task ImportAsync(string source, string databasePath, IReadOnlyList<IFeed> feeds, TimeProvider time, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (Directory.Exists(source))
        {
            await ImportDirectoryAsync(source, databasePath, feeds, time, progress, cancellationToken);
            return;
        }
        if (!File.Exists(source)) throw new DrydockException($"no bundle at {source}");
        CleanStaleImports(Path.GetDirectoryName(Path.GetFullPath(databasePath))!); // left by versions before the temp area
        var unpacked = DrydockTemp.NewPath("import-");
        Directory.CreateDirectory(unpacked);
        try
        {
            await BundleExtractor.ExtractAsync(source, unpacked, cancellationToken);
            await ImportDirectoryAsync(unpacked, databasePath, feeds, time, progress, cancellationToken);
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }
    }

    private static async Task ImportDirectoryAsync(string dir, string databasePath, IReadOnlyList<IFeed> feeds, TimeProvider time, IProgressSink progress, CancellationToken cancellationToken)
    {
        var db = Path.Combine(dir, DatabaseEntry);
        if (File.Exists(db))
        {
            SqliteAdvisoryStore.Open(db).Dispose(); // refuse a foreign or broken file before it replaces ours
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
            var temp = databasePath + ".new-" + Environment.ProcessId;
            try
            {
                File.Copy(db, temp, overwrite: true);
                SafeFileWriter.Install(temp, databasePath);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return;
        }
        await DatabaseBuilder.BuildAsync(databasePath, dir, feeds, new Dictionary<string, FeedState>(), time, progress, cancellationToken);
    }

    // What an import killed with SIGKILL left (<c>.import-PID</c> of a process that is gone), as DatabaseWriter does for
    // its <c>.new-PID</c> files; a symlink of that name is never followed.
    private static void CleanStaleImports(string home)
    {
        if (!Directory.Exists(home)) return;
        foreach (var dir in Directory.EnumerateDirectories(home, ImportPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)[ImportPrefix.Length..], CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || DrydockTemp.IsAlive(pid)
                || new DirectoryInfo(dir).LinkTarget is not null) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { /* another cleaner raced us; harmless */ }
        }
    }
}

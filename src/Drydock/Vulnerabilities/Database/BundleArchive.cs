using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Offline bundles (docs/database.md). Export writes <c>vuln.db</c> and <c>metadata.json</c> into a tar.gz. Import
/// takes such an archive, a <c>.tar</c>/<c>.tar.gz</c>/<c>.zip</c> of feed folders, or a directory of either, and
/// installs the database atomically.
/// </summary>
public static class BundleArchive
{
    public const string DatabaseEntry = "vuln.db";

    public static async Task ExportAsync(string databasePath, string archivePath, CancellationToken cancellationToken)
    {
        using var store = SqliteAdvisoryStore.Open(databasePath);
        var meta = store.Meta();
        var feeds = store.Feeds();
        var temp = archivePath + ".tmp-" + Environment.ProcessId;
        await using (var file = File.Create(temp))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            await tar.WriteEntryAsync(databasePath, DatabaseEntry, cancellationToken);
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
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
        File.Move(temp, archivePath, overwrite: true);
    }

    public static async Task ImportAsync(string source, string databasePath, IReadOnlyList<IFeed> feeds, TimeProvider time, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (Directory.Exists(source))
        {
            await ImportDirectoryAsync(source, databasePath, feeds, time, progress, cancellationToken);
            return;
        }
        if (!File.Exists(source)) throw new DrydockException($"no bundle at {source}");
        var unpacked = DrydockTemp.NewPath("import-");
        Directory.CreateDirectory(unpacked);
        try
        {
            if (source.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) await ZipFile.ExtractToDirectoryAsync(source, unpacked, cancellationToken);
            else
            {
                await using var file = File.OpenRead(source);
                await using Stream stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
                await TarFile.ExtractToDirectoryAsync(stream, unpacked, overwriteFiles: true, cancellationToken);
            }
            await ImportDirectoryAsync(unpacked, databasePath, feeds, time, progress, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new DrydockException($"{source} is not a tar, tar.gz or zip bundle: {e.Message}", inner: e);
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
            File.Copy(db, temp, overwrite: true);
            File.Move(temp, databasePath, overwrite: true);
            return;
        }
        await DatabaseBuilder.BuildAsync(databasePath, dir, feeds, new Dictionary<string, FeedState>(), time, progress, cancellationToken);
    }

    private static bool IsGzip(FileStream file)
    {
        var b1 = file.ReadByte();
        var b2 = file.ReadByte();
        file.Position = 0;
        return b1 == 0x1f && b2 == 0x8b;
    }
}

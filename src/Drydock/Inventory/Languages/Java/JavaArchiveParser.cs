using System.IO.Compression;

namespace Drydock.Inventory.Languages.Java;

/// <summary>
/// Finds the Maven artifacts in a JAR, WAR or EAR (a ZIP file, JAR File Specification). Each
/// <c>META-INF/maven/&lt;group&gt;/&lt;artifact&gt;/pom.properties</c> that Maven writes is one artifact (a shaded jar
/// carries several). Without one, <c>META-INF/MANIFEST.MF</c> names the artifact (<see cref="JarManifest"/>), and
/// without that the file name <c>name-1.2.3.jar</c> does. Archives inside archives (<c>WEB-INF/lib/*.jar</c>,
/// <c>BOOT-INF/lib/*.jar</c>) are read the same way, to a bounded depth and size so a zip bomb cannot exhaust memory.
/// </summary>
internal static class JavaArchiveParser
{
    private const int MaxDepth = 4;
    private const long MaxNestedArchiveBytes = 64L << 20;
    private const long MaxTotalInflatedBytes = 512L << 20;
    private const int MaxTextEntryBytes = 1 << 20;

    private static readonly string[] ArchiveExtensions = [".jar", ".war", ".ear", ".par", ".sar", ".jpi", ".hpi"];

    public static bool IsArchiveName(string name)
    {
        // Asked of every tar entry: a loop, no closure per call (issue 17).
        foreach (var extension in ArchiveExtensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public static IReadOnlyList<ParsedPackage> Parse(Stream stream, string fileName)
    {
        var found = new Dictionary<string, ParsedPackage>(StringComparer.Ordinal);
        var budget = new InflateBudget { Remaining = MaxTotalInflatedBytes };
        ParseArchive(Seekable(stream), fileName, 0, found, budget);
        return [.. found.Values];
    }

    private static void ParseArchive(Stream stream, string fileName, int depth, Dictionary<string, ParsedPackage> found, InflateBudget budget)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var own = new List<ParsedPackage>();
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.StartsWith("META-INF/maven/", StringComparison.Ordinal) && entry.Name == "pom.properties")
            {
                var props = JarManifest.ParseProperties(ReadText(entry, budget));
                if (props.GetValueOrDefault("artifactId") is { Length: > 0 } a && props.GetValueOrDefault("version") is { Length: > 0 } v)
                    own.Add(new ParsedPackage(props.GetValueOrDefault("groupId") is { Length: > 0 } g ? g : null, a, v));
            }
        }
        if (own.Count == 0 && zip.GetEntry("META-INF/MANIFEST.MF") is { } manifest)
        {
            if (JarManifest.ArtifactOf(JarManifest.ParseManifest(ReadText(manifest, budget))) is { } m) own.Add(m);
        }
        if (own.Count == 0 && JarManifest.FromFileName(fileName) is { } byName) own.Add(byName);
        foreach (var p in own) found.TryAdd($"{p.Namespace}:{p.Name}:{p.Version}", p);

        if (depth + 1 >= MaxDepth) return;
        foreach (var entry in zip.Entries)
        {
            if (!IsArchiveName(entry.Name) || entry.Length > MaxNestedArchiveBytes || entry.Length > budget.Remaining) continue;
            using var nested = new MemoryStream();
            Inflate(entry, nested, entry.Length, budget);
            nested.Position = 0;
            ParseArchive(nested, entry.Name, depth + 1, found, budget);
        }
    }

    private static string ReadText(ZipArchiveEntry entry, InflateBudget budget)
    {
        using var ms = new MemoryStream();
        Inflate(entry, ms, Math.Min(entry.Length, MaxTextEntryBytes), budget);
        return System.Text.Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
    }

    // Copies at most `limit` inflated bytes: the declared size may lie, so the count is checked while inflating.
    private static void Inflate(ZipArchiveEntry entry, MemoryStream into, long limit, InflateBudget budget)
    {
        using var s = entry.Open();
        var buffer = new byte[81920];
        int n;
        while (into.Length < limit && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - into.Length))) > 0)
        {
            into.Write(buffer, 0, n);
            budget.Remaining -= n;
            if (budget.Remaining < 0) throw new InvalidDataException("archive inflates beyond the size bound (zip bomb?)");
        }
    }

    private static Stream Seekable(Stream s)
    {
        if (s.CanSeek) return s;
        var ms = new MemoryStream();
        s.CopyTo(ms);
        ms.Position = 0;
        return ms;
    }

    private sealed class InflateBudget
    {
        public long Remaining { get; set; }
    }
}

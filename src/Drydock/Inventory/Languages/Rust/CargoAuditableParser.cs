using System.IO.Compression;
using System.Text.Json;

namespace Drydock.Inventory.Languages.Rust;

/// <summary>
/// Reads the dependency list that cargo-auditable embeds in Rust binaries (github.com/rust-secure-code/cargo-auditable,
/// "Data format"): the ELF section <c>.dep-v0</c> holds zlib-compressed JSON
/// <c>{"packages":[{"name","version","source","kind","dependencies":[index…],"root"}]}</c>. Build-time packages
/// (<c>"kind":"build"</c>: build scripts, proc macros) are not in the binary's code and are left out, as Trivy does.
/// Dependencies are given as purls of the runtime packages they index. Returns null when there is no such section.
/// </summary>
internal static class CargoAuditableParser
{
    private const int MaxJsonBytes = 16 << 20;

    public static IReadOnlyList<ParsedPackage>? Parse(ReadOnlyMemory<byte> file) =>
        ElfSections.Find(file, ".dep-v0") is { } section ? ParseSection(section) : null;

    /// <summary>The packages of the <c>.dep-v0</c> section's content (zlib-compressed JSON).</summary>
    public static IReadOnlyList<ParsedPackage> ParseSection(ReadOnlyMemory<byte> section)
    {
        using var json = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(section.ToArray(), writable: false), CompressionMode.Decompress))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = z.Read(buffer)) > 0)
            {
                if (json.Length + n > MaxJsonBytes) throw new InvalidDataException(".dep-v0 inflates beyond 16 MiB");
                json.Write(buffer, 0, n);
            }
        }
        json.Position = 0;
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException(".dep-v0 has no 'packages' array");

        var all = packages.EnumerateArray().Select(p => (
            Name: p.StringProperty("name") ?? throw new InvalidDataException("a .dep-v0 package has no name"),
            Version: p.StringProperty("version") ?? throw new InvalidDataException("a .dep-v0 package has no version"),
            Runtime: p.StringProperty("kind") is null or "runtime",
            Deps: p.TryGetProperty("dependencies", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()).ToList()
                : [])).ToList();

        return [.. all.Where(p => p.Runtime).Select(p => new ParsedPackage(null, p.Name, p.Version)
        {
            DependsOn = [.. p.Deps
                .Where(i => i >= 0 && i < all.Count && all[i].Runtime)
                .Select(i => ManifestAnalysis.PurlOf(PackageType.Cargo, null, all[i].Name, all[i].Version))
                .Order(StringComparer.Ordinal)],
        })];
    }
}

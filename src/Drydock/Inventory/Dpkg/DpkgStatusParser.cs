namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Parses a dpkg status database (<c>var/lib/dpkg/status</c>, or one file of distroless <c>status.d/</c>) into the
/// packages that are installed. Per dpkg(1) the <c>Status:</c> field is <c>want flag status</c>; a package is on disk
/// only when status is <c>installed</c> (<c>config-files</c>, <c>half-installed</c>, <c>unpacked</c>,
/// <c>not-installed</c>… are not). A stanza without Status is kept (distroless status.d files written by build
/// tools may omit it). A stanza without Package or with an invalid Version is skipped and reported as a problem.
/// Bounded (<see cref="PackageDatabaseLimits"/>): linear time, lines and fields cut, at most
/// <see cref="PackageDatabaseLimits.MaxPackages"/> packages, each bound hit reported as a problem.
/// </summary>
internal static class DpkgStatusParser
{
    public sealed record Result(IReadOnlyList<DpkgStatusEntry> Installed, IReadOnlyList<string> Problems);

    public static Result Parse(TextReader reader, CancellationToken cancellationToken = default)
    {
        var installed = new List<DpkgStatusEntry>();
        var problems = new List<string>();
        foreach (var stanza in ControlStanzaReader.Read(reader, cancellationToken))
        {
            problems.AddRange(stanza.Problems);
            if (installed.Count == PackageDatabaseLimits.MaxPackages)
            {
                problems.Add($"line {stanza.Line}: more than {PackageDatabaseLimits.MaxPackages} packages; the rest are not read");
                break;
            }
            var f = stanza.Fields;
            var name = f.GetValueOrDefault("Package")?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                problems.Add($"line {stanza.Line}: stanza without Package");
                continue;
            }
            if (f.TryGetValue("Status", out var status) && !IsInstalled(status)) continue;
            var version = f.GetValueOrDefault("Version")?.Trim() ?? "";
            if (!DebianVersionSyntax.TryParse(version, out var epoch, out _, out _))
            {
                problems.Add($"line {stanza.Line}: package '{name}' has an invalid version '{version}'");
                continue;
            }
            var (sourceName, sourceVersion) = ParseSource(f.GetValueOrDefault("Source"));
            if (sourceVersion.Length > 0 && !DebianVersionSyntax.TryParse(sourceVersion, out _, out _, out _))
            {
                problems.Add($"line {stanza.Line}: package '{name}' has an invalid source version '{sourceVersion}'");
                continue;
            }
            installed.Add(new DpkgStatusEntry
            {
                Name = name,
                Version = version,
                Epoch = epoch,
                Architecture = NullIfEmpty(f.GetValueOrDefault("Architecture")),
                SourceName = sourceName.Length > 0 ? sourceName : name,
                SourceVersion = sourceVersion.Length > 0 ? sourceVersion : version,
                Maintainer = NullIfEmpty(f.GetValueOrDefault("Maintainer")),
                Depends = ParseDepends(f.GetValueOrDefault("Depends")),
                Conffiles = ParseConffiles(f.GetValueOrDefault("Conffiles")),
                Line = stanza.Line,
            });
        }
        return new Result(installed, problems);
    }

    private static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed";
    }

    /// <summary><c>Source: name</c> or <c>Source: name (version)</c> (deb-src-control(5)); empty parts when absent.</summary>
    public static (string Name, string Version) ParseSource(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return ("", "");
        var v = value.Trim();
        var open = v.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return (v, "");
        var close = v.IndexOf(')', open);
        var version = close > open ? v[(open + 1)..close] : v[(open + 1)..];
        return (v[..open].Trim(), version.Trim());
    }

    /// <summary>
    /// <c>Depends</c> per deb-control(5): comma-separated requirements, each a '|'-separated list of alternatives
    /// <c>name[:arch] [(op version)] [[arch list]]</c>; only the names are kept.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseDepends(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var result = new List<IReadOnlyList<string>>();
        foreach (var requirement in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var names = requirement.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => a.Split([' ', '(', '[', '\n', '\t'], 2)[0].Split(':')[0])
                .Where(n => n.Length > 0)
                .ToList();
            if (names.Count > 0) result.Add(names);
        }
        return result;
    }

    /// <summary><c>Conffiles</c>: continuation lines <c>/path md5 [obsolete|remove-on-upgrade]</c>.</summary>
    private static IReadOnlyList<string> ParseConffiles(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : [.. value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split(' ', 2)[0].TrimStart('/'))
                .Where(p => p.Length > 0)];

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

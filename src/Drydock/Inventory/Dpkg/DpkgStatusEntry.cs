namespace Drydock.Inventory.Dpkg;

/// <summary>One installed package as a dpkg status stanza records it (fields per deb-control(5) / dpkg(1)).</summary>
internal sealed record DpkgStatusEntry
{
    public required string Name { get; init; }

    /// <summary>Full version as written, with epoch (<c>1:2.31.1-0.4ubuntu3.1</c>).</summary>
    public required string Version { get; init; }
    public int? Epoch { get; init; }
    public string? Architecture { get; init; }

    /// <summary>From <c>Source: name [(version)]</c>; the binary name/version when absent.</summary>
    public required string SourceName { get; init; }
    public required string SourceVersion { get; init; }
    public string? Maintainer { get; init; }

    /// <summary><c>Depends</c>: each element is one requirement, as its alternatives (<c>gpgv | gpgv2</c>), names only.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Depends { get; init; } = [];

    /// <summary>Paths from <c>Conffiles</c> (no leading slash).</summary>
    public IReadOnlyList<string> Conffiles { get; init; } = [];

    /// <summary>The 1-based line of the stanza in its file (for warnings).</summary>
    public int Line { get; init; }
}

namespace Drydock.Inventory.Apk;

/// <summary>One package record of the apk installed database (apk-tools, "installed" database format).</summary>
internal sealed record ApkInstalledEntry
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string? Architecture { get; init; }
    public string? Origin { get; init; }
    public string? License { get; init; }
    public string? Maintainer { get; init; }

    /// <summary><c>D:</c> dependency atoms as written (<c>so:libc.musl-x86_64.so.1</c>, <c>musl=1.1.14-r10</c>, <c>!uclibc</c>).</summary>
    public IReadOnlyList<string> Depends { get; init; } = [];

    /// <summary><c>p:</c> provided names without their <c>=version</c> (<c>so:libz.so.1</c>, <c>cmd:pkgconf</c>).</summary>
    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>Installed files (<c>F:</c> directory + <c>R:</c> name), no leading slash, in database order.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

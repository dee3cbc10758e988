using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// The version schemes Drydock knows, one explicit list (no reflection, AOT-safe); which scheme each package
/// ecosystem uses is in its row of <see cref="Ecosystems"/>.
/// </summary>
public static class VersionComparers
{
    private static readonly IVersionComparer[] All =
    [
        new DebVersionComparer(),
        new RpmVersionComparer(),
        new ApkVersionComparer(),
        new SemverComparer(),
        new NpmVersionComparer(),
        new Pep440Comparer(),
        new MavenVersionComparer(),
        new GoVersionComparer(),
        new NuGetVersionComparer(),
        new GemVersionComparer(),
    ];

    /// <summary>The scheme ids, in registration order.</summary>
    public static IReadOnlyList<string> Schemes { get; } = [.. All.Select(c => c.Scheme)];

    /// <summary>The comparer for <paramref name="scheme"/> (case-insensitive); a <see cref="UsageException"/> naming the known schemes otherwise.</summary>
    public static IVersionComparer Get(string scheme) =>
        TryGet(scheme) ?? throw new UsageException(
            $"unknown version scheme '{scheme}' (known: {string.Join(", ", Schemes)})");

    /// <summary>The comparer for <paramref name="scheme"/>, or null when it is unknown.</summary>
    public static IVersionComparer? TryGet(string scheme) =>
        Array.Find(All, c => string.Equals(c.Scheme, scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>The scheme id a package ecosystem's versions follow (its row of <see cref="Ecosystems"/>).</summary>
    public static string SchemeFor(PackageType type) => Ecosystems.Of(type).VersionScheme;

    /// <summary>The comparer for a package ecosystem.</summary>
    public static IVersionComparer For(PackageType type) => Get(SchemeFor(type));
}

using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// The version schemes Drydock knows, one explicit list (no reflection, AOT-safe), and which scheme each package
/// ecosystem uses.
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

    /// <summary>The scheme id a package ecosystem's versions follow.</summary>
    public static string SchemeFor(PackageType type) => type switch
    {
        PackageType.Deb => "deb",
        PackageType.Apk => "apk",
        PackageType.Rpm => "rpm",
        PackageType.Npm => "npm",
        PackageType.Python => "pep440",
        PackageType.Maven => "maven",
        PackageType.Go => "go",
        PackageType.NuGet => "nuget",
        PackageType.Gem => "gem",
        PackageType.Cargo => "semver",
        // Composer versions are semver-like with an optional 'v' and stability suffixes (1.0.0-beta2, 2.1-RC1);
        // the lenient semver reading covers them (normalised as composer/semver does for the common forms).
        PackageType.Composer => "semver",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no version scheme for this package type"),
    };

    /// <summary>The comparer for a package ecosystem.</summary>
    public static IVersionComparer For(PackageType type) => Get(SchemeFor(type));
}

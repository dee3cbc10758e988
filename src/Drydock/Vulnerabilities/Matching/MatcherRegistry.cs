using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>The matchers, one explicit list (adding an ecosystem is one line here).</summary>
internal static class MatcherRegistry
{
    public static IReadOnlyList<IMatcher> All { get; } =
    [
        new DpkgMatcher(),
        new ApkMatcher(),
        new RedHatMatcher(),
        new RpmMatcher(),
        new LanguageMatcher(PackageType.Npm),
        new LanguageMatcher(PackageType.Python),
        new LanguageMatcher(PackageType.Go),
        new LanguageMatcher(PackageType.Maven),
        new LanguageMatcher(PackageType.NuGet),
        new LanguageMatcher(PackageType.Gem),
        new LanguageMatcher(PackageType.Cargo),
        new LanguageMatcher(PackageType.Composer),
    ];
}

using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// The matchers, one explicit list: the OS package matchers (each reads the families whose <c>Distro</c> row names its
/// package type), then one language matcher per language row of <see cref="Ecosystems"/>, in table order.
/// </summary>
internal static class MatcherRegistry
{
    public static IReadOnlyList<IMatcher> All { get; } =
    [
        new DpkgMatcher(),
        new ApkMatcher(),
        new RedHatMatcher(),
        new RpmMatcher(),
        .. Ecosystems.All.Where(e => !e.IsOsPackage).Select(e => new LanguageMatcher(e)),
    ];
}

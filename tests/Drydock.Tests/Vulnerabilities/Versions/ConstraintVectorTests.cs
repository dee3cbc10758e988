using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>Every row of version-vectors/constraints.tsv (node-semver, go-pep440-version and grype tables), per scheme.</summary>
public sealed class ConstraintVectorTests
{
    private const string GrypeEpoch =
        "grype ignores the epoch when only one side has one; rpm itself (rpmverCmp, python3-rpm labelCompare) reads a " +
        "missing epoch as 0, as do compare.tsv's own rpm rows (1.0~rc1 < 2:1.0~rc1) and our labelCompare oracle test";

    private const string GrypeTrailingZeros =
        "grype treats release 5.el8 and 5.el8.0.0 as equal; rpmvercmp (and labelCompare) orders 5.el8 < 5.el8.0.0 " +
        "because the side with segments left over is newer";

    private const string GrypeDotQualifier =
        "SemVer 2.0.0 §9: '-' belongs to an identifier, so pre-release 'alpha-beta' is one identifier and differs from " +
        "'alpha.beta' (two); grype's go-version normalisation makes them equal";

    private const string WithPreReleaseOption =
        "asserted with go-pep440-version's WithPreRelease(true) option; PEP 440's default exclusive rule (<V does not " +
        "admit pre-releases of V) is what a specifier means and what we implement";

    /// <summary>Rows we do not follow, each with the reason (scheme, version, constraint).</summary>
    internal static readonly Dictionary<(string Scheme, string Version, string Constraint), string> Excluded = new()
    {
        [("grype-rpm", "1:0", "< 1")] = GrypeEpoch,
        [("grype-rpm", "1.0", "< 2:1.0")] = GrypeEpoch,
        [("grype-rpm", "2:4.19.01-1.el7_5", "<= 4.19.1-1.el7_5")] = GrypeEpoch,
        [("grype-rpm", "4.19.01-1.el7_5", "< 2:4.19.1-1.el7_5")] = GrypeEpoch,
        [("grype-rpm", "4.19.0-1.el7_5", "< 12:4.19.0-1.el7")] = GrypeEpoch,
        [("grype-rpm", "4.19.0-1.el7_5", "<= 12:4.19.0-1.el7")] = GrypeEpoch,
        [("grype-rpm", "3:4.19.0-1.el7_5", "< 4.21.0-1.el7")] = GrypeEpoch,
        [("grype-rpm", "8.3.1-5.el8", "< 0:8.3.1-5.el8.0.0")] = GrypeTrailingZeros,
        [("grype-rpm", "8.3.1-5.el8.0.0", "> 0:8.3.1-5.el8")] = GrypeTrailingZeros,
        [("pep440", "2.0a1", "<2")] = WithPreReleaseOption,
        [("grype-semver", "1.0.0.alpha.beta", "= 1.0.0-alpha-beta")] = GrypeDotQualifier,
        [("grype-semver", "1.0.0.rc.alpha", "= 1.0.0-rc-alpha")] = GrypeDotQualifier,
    };

    [SharedDataTheory]
    [InlineData("grype-deb")]
    [InlineData("grype-rpm")]
    [InlineData("grype-apk")]
    [InlineData("npm")]
    [InlineData("pep440")]
    [InlineData("grype-semver")]
    [InlineData("grype-maven")]
    [InlineData("grype-gem")]
    [InlineData("grype-golang")]
    [InlineData("grype-pep440")]
    public void IsSatisfiedBy_EveryVectorRow_MatchesExpected(string scheme)
    {
        // Given
        var rows = VersionVectors.Read("constraints.tsv")
            .Where(r => r[0] == scheme && !Excluded.ContainsKey((r[0], r[1], r[2]))).ToList();

        // When / Then
        VersionVectors.AssertAll(rows, row =>
        {
            // The go-pep440-version rows were transcribed from Go string literals: "\t" there is a tab.
            var constraint = Parse(row[0], row[2].Replace("\\t", "\t", StringComparison.Ordinal));
            var got = constraint?.IsSatisfiedBy(row[1]) ?? false;
            return got == bool.Parse(row[3]) ? null : $"got {got}";
        });
    }

    // "grype-X" rows use grype's comparator syntax with scheme X's ordering; "npm"/"pep440" rows the native syntax.
    [SharedDataFact]
    public void ConstraintVectors_EverySchemeInFile_HasATheoryCase()
    {
        // Given
        var covered = typeof(ConstraintVectorTests).GetMethod(nameof(IsSatisfiedBy_EveryVectorRow_MatchesExpected))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]);

        // When
        var missing = VersionVectors.Read("constraints.tsv").Select(r => r[0]).Distinct().Except(covered).ToList();

        // Then
        Assert.True(missing.Count == 0, "schemes without a test case: " + string.Join(", ", missing));
    }

    // node-semver's satisfies() is false for a range it cannot parse ("<0-z"); our parser throws instead.
    private static VersionConstraint? Parse(string scheme, string text)
    {
        if (scheme.StartsWith("grype-", StringComparison.Ordinal))
            return VersionConstraint.ParseComparators(scheme["grype-".Length..] switch { "golang" => "go", var s => s }, text);
        try
        {
            return VersionConstraint.Parse(scheme, text);
        }
        catch (FormatException) when (scheme == "npm")
        {
            return null;
        }
    }
}

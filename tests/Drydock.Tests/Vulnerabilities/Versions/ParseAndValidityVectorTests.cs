using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>version-vectors/validity.tsv and rpm_parse_nevra.tsv, every row.</summary>
public sealed class ParseAndValidityVectorTests
{
    /// <summary>Rows we do not follow, each with the reason (scheme, version).</summary>
    internal static readonly Dictionary<(string Scheme, string Version), string> Excluded = new()
    {
        [("deb", "6.0-4.el6.x86_64")] =
            "'_' is not allowed in a Debian revision (deb-version(7)); dpkg itself says \"version '6.0-4.el6.x86_64' " +
            "has bad syntax: invalid character in revision number\" (it still compares it, and so does our Compare)",
    };

    [SharedDataFact]
    public void IsValid_EveryValidityRow_MatchesExpected()
    {
        // Given
        var rows = VersionVectors.Read("validity.tsv").Where(r => !Excluded.ContainsKey((r[0], r[1])));

        // When / Then
        VersionVectors.AssertAll(rows, row =>
        {
            var got = VersionComparers.Get(row[0]).IsValid(row[1]);
            return got == bool.Parse(row[2]) ? null : $"got {got}";
        });
    }

    [SharedDataFact]
    public void RpmNevraParse_EveryParseRow_YieldsExpectedFields()
    {
        // Given
        var rows = VersionVectors.Read("rpm_parse_nevra.tsv");

        // When / Then
        VersionVectors.AssertAll(rows, row =>
        {
            var n = RpmNevra.Parse(row[0]);
            if (n is null) return "did not parse";
            var got = $"{n.Name}|{n.Evr.Epoch}|{n.Evr.Version}|{n.Evr.Release}|{n.Arch}";
            var want = $"{row[1]}|{row[2]}|{row[3]}|{row[4]}|{row[5]}";
            return got == want ? null : $"got {got}, want {want}";
        });
    }

    [Theory]
    [InlineData("deb", "1:2.30-1ubuntu2", true)]
    [InlineData("rpm", "2:1.0-3.el9", true)]
    [InlineData("semver", "1.2.3-rc.1+build.5", true)]
    [InlineData("semver", "1.2", false)]
    [InlineData("npm", "v1.2.3", true)]
    [InlineData("npm", "1.2", false)]
    [InlineData("go", "v0.0.0-20191109021931-daa7c04131f5", true)]
    [InlineData("go", "v2.0.0+incompatible", true)]
    [InlineData("go", "1.2.3", false)]
    [InlineData("nuget", "4.0.0.1-Beta", true)]
    [InlineData("nuget", "1.2.3.4.5", false)]
    [InlineData("gem", "1.2.0.pre1", true)]
    [InlineData("gem", "1..2", false)]
    [InlineData("maven", "1.0-SNAPSHOT", true)]
    [InlineData("maven", "1.0 beta", false)]
    [InlineData("pep440", "1!2.0.post1.dev3+local.7", true)]
    public void IsValid_SchemeSample_MatchesSchemeGrammar(string scheme, string version, bool expected)
    {
        // Given
        var comparer = VersionComparers.Get(scheme);

        // When
        var valid = comparer.IsValid(version);

        // Then
        Assert.Equal(expected, valid);
    }

    [Theory]
    [InlineData("go", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1)]
    [InlineData("go", "v0.0.0-20191109021931-daa7c04131f5", "v0.1.0", -1)]
    [InlineData("go", "v2.0.0+incompatible", "v2.0.0", 0)]
    [InlineData("nuget", "1.0.0-BETA", "1.0.0-beta", 0)]
    [InlineData("nuget", "1.0.0.1", "1.0.0", 1)]
    [InlineData("nuget", "1.0.0-alpha.10", "1.0.0-alpha.9", 1)]
    [InlineData("gem", "1.0.0.pre", "1.0.0", -1)]
    [InlineData("gem", "1.0.a", "1.0.b", -1)]
    [InlineData("gem", "1.0", "1", 0)]
    [InlineData("semver", "1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("semver", "1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [InlineData("npm", "1.0.0-rc.1", "1.0.0", -1)]
    public void Compare_SchemeSample_FollowsSchemeRules(string scheme, string a, string b, int expected)
    {
        // Given
        var comparer = VersionComparers.Get(scheme);

        // When
        var sign = Math.Sign(comparer.Compare(a, b));

        // Then
        Assert.Equal(expected, sign);
    }

    [Theory]
    [InlineData("1.0", "0", "1.1", null, true)]
    [InlineData("1.1", "0", "1.1", null, false)]
    [InlineData("1.1", "1.0", null, "1.1", true)]
    [InlineData("1.2", "1.0", null, "1.1", false)]
    [InlineData("0.9", "1.0", null, null, false)]
    [InlineData("9.9", "1.0", null, null, true)]
    public void AffectedRangeContains_OsvEvents_FollowsIntroducedFixedLastAffected(
        string version, string? introduced, string? fixedIn, string? lastAffected, bool expected)
    {
        // Given
        var range = new AffectedRange(introduced, fixedIn, lastAffected);

        // When
        var contains = range.Contains(version, new SemverComparer());

        // Then
        Assert.Equal(expected, contains);
    }
}

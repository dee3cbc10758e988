using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>Every row of version-vectors/compare.tsv (the peers' own comparison tables), per scheme.</summary>
public sealed class CompareVectorTests
{
    private const string MavenDotAsDash =
        "Maven's ComparableVersion (3.6+: 'treat .X as -X for any string qualifier X') parses '.foo' exactly like " +
        "'-foo', so the two are equal; go-mvn-version's expectation follows an older parser";

    private const string GrypeJreSuffix =
        "grype drops .jreN/.jdkN suffixes before comparing; Maven's ComparableVersion reads 'jre' as an unknown " +
        "qualifier, which sorts after the release (12.10.2 < 12.10.2.jre11), and orders jdk before jre";

    /// <summary>Rows we do not follow, each with the reason (scheme, a, b).</summary>
    internal static readonly Dictionary<(string Scheme, string A, string B), string> Excluded = new()
    {
        [("maven", "1-foo", "1.foo")] = MavenDotAsDash,
        [("maven", "1-1-foo", "1-1.foo")] = MavenDotAsDash,
        [("maven", "12.10.2", "12.10.2.jre11")] = GrypeJreSuffix,
        [("maven", "12.10.2.jre11", "12.10.2")] = GrypeJreSuffix,
        [("maven", "12.10.2.jdk17", "12.10.2")] = GrypeJreSuffix,
        [("maven", "12.10.2.jre11", "12.10.2.jdk17")] = GrypeJreSuffix,
    };

    [SharedDataTheory]
    [InlineData("deb")]
    [InlineData("deb-fragment")]
    [InlineData("rpm")]
    [InlineData("rpm-vercmp")]
    [InlineData("apk")]
    [InlineData("pep440")]
    [InlineData("maven")]
    [InlineData("rpm-nevra")]
    public void Compare_EveryVectorRow_MatchesExpectedRelation(string scheme)
    {
        // Given
        var rows = VersionVectors.Read("compare.tsv")
            .Where(r => r[0] == scheme && !Excluded.ContainsKey((r[0], r[1], r[2]))).ToList();

        // When / Then
        VersionVectors.AssertAll(rows, row =>
        {
            var sign = Compare(row[0], row[1], row[2]);
            var reverse = Compare(row[0], row[2], row[1]);
            if (!VersionVectors.Holds(row[3], sign)) return $"got {sign}";
            // A total order is antisymmetric: the swapped pair must give the opposite sign.
            return reverse == -sign ? null : $"not antisymmetric: swapped gives {reverse}";
        });
    }

    [SharedDataFact]
    public void CompareVectors_EverySchemeInFile_HasATheoryCase()
    {
        // Given
        var covered = typeof(CompareVectorTests).GetMethod(nameof(Compare_EveryVectorRow_MatchesExpectedRelation))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]);

        // When
        var missing = VersionVectors.Read("compare.tsv").Select(r => r[0]).Distinct().Except(covered).ToList();

        // Then
        Assert.True(missing.Count == 0, "schemes without a test case: " + string.Join(", ", missing));
    }

    private static int Compare(string scheme, string a, string b) => Math.Sign(scheme switch
    {
        "deb-fragment" => DebVersionComparer.CompareFragment(a, b),
        "rpm-vercmp" => RpmVersionComparer.CompareSegment(a, b),
        "rpm-nevra" => (RpmNevra.Parse(a) ?? throw new FormatException(a)).CompareTo(RpmNevra.Parse(b) ?? throw new FormatException(b)),
        _ => VersionComparers.Get(scheme).Compare(a, b),
    });
}

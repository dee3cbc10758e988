using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>Every row of version-vectors/compare.tsv (the peers' own comparison tables), per scheme.</summary>
public sealed class CompareVectorTests
{
    [SharedDataTheory]
    [InlineData("deb")]
    [InlineData("deb-fragment")]
    [InlineData("rpm")]
    [InlineData("rpm-vercmp")]
    [InlineData("apk")]
    public void Compare_EveryVectorRow_MatchesExpectedRelation(string scheme)
    {
        // Given
        var rows = VersionVectors.Read("compare.tsv").Where(r => r[0] == scheme).ToList();

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

    private static int Compare(string scheme, string a, string b) => Math.Sign(scheme switch
    {
        "deb-fragment" => DebVersionComparer.CompareFragment(a, b),
        "rpm-vercmp" => RpmVersionComparer.CompareSegment(a, b),
        _ => VersionComparers.Get(scheme).Compare(a, b),
    });
}

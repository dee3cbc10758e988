using Drydock.Reports;

namespace Drydock.Tests.Reports;

public sealed class LicenseExpressionTests
{
    [Theory]
    [InlineData("MIT", "Id", "MIT")]
    [InlineData("apache-2.0", "Id", "Apache-2.0")]
    [InlineData(" GPL-2+ ", "Id", "GPL-2.0-or-later")]
    [InlineData("Expat", "Id", "MIT")]
    [InlineData("MIT OR Apache-2.0", "Expression", "MIT OR Apache-2.0")]
    [InlineData("(mit OR apache-2.0) AND bsd-3-clause", "Expression", "(MIT OR Apache-2.0) AND BSD-3-Clause")]
    [InlineData("GPL-2.0-or-later WITH Classpath-exception-2.0", "Expression", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    [InlineData("Apache-2.0 AND LicenseRef-Vendor", "Expression", "Apache-2.0 AND LicenseRef-Vendor")]
    [InlineData("MPL-1.1+", "Expression", "MPL-1.1+")]
    [InlineData("MIT or Apache-2.0", "Name", "MIT or Apache-2.0")]
    [InlineData("MIT OR", "Name", "MIT OR")]
    [InlineData("(MIT", "Name", "(MIT")]
    [InlineData("MIT WITH Bogus-exception", "Name", "MIT WITH Bogus-exception")]
    [InlineData("Custom License", "Name", "Custom License")]
    [InlineData("BSD", "Name", "BSD")]
    public void Classify_LicenseText_KindAndCanonicalForm(string text, string kind, string normalized)
    {
        // Given / When
        var actual = LicenseExpression.Classify(text, out var n);

        // Then
        Assert.Equal(kind, actual.ToString());
        Assert.Equal(normalized, n);
    }

    [Theory]
    [InlineData("Custom License", "LicenseRef-Custom-License")]
    [InlineData("GPL-1+ or Artistic", "LicenseRef-GPL-1--or-Artistic")]
    [InlineData("<script>", "LicenseRef--script-")]
    public void LicenseRef_Name_OnlyIdStringCharacters(string name, string expected)
    {
        // Given / When / Then
        Assert.Equal(expected, LicenseExpression.LicenseRef(name));
    }

    [Fact]
    public void Declared_MixedLicenses_JoinedWithAndAndNamesExtracted()
    {
        // Given
        var refs = new SpdxLicenseRefs();

        // When
        var declared = refs.Declared(["MIT OR Apache-2.0", "Custom License", "zlib"]);

        // Then
        Assert.Equal("(MIT OR Apache-2.0) AND LicenseRef-Custom-License AND Zlib", declared);
        Assert.Equal("Custom License", refs.Extracted["LicenseRef-Custom-License"]);
    }

    [Fact]
    public void Declared_TwoNamesThatSanitiseAlike_GetDistinctRefs()
    {
        // Given
        var refs = new SpdxLicenseRefs();

        // When
        var a = refs.Declared(["A B"]);
        var b = refs.Declared(["A-B"]);

        // Then
        Assert.NotEqual(a, b);
        Assert.Equal(2, refs.Extracted.Count);
        Assert.Equal("NOASSERTION", refs.Declared([]));
    }
}

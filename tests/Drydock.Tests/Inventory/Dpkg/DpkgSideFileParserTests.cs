using Drydock.Inventory.Dpkg;

namespace Drydock.Tests.Inventory.Dpkg;

/// <summary>
/// The md5sums and copyright parsers look at lines in place (issue 17); these pin the line semantics they had when they
/// read line by line with <see cref="TextReader.ReadLine"/>: '\n', '\r' and "\r\n" end a line, a last line without an
/// end counts, names are kept once in order of first appearance.
/// </summary>
public sealed class DpkgSideFileParserTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Md5sums_EveryLineEnding_SamePaths(string eol)
    {
        // Given: text mode, binary mode, a leading slash, a path with spaces, lines without a path, no final line end
        var text = string.Join(eol,
            "d41d8cd98f00b204e9800998ecf8427e  usr/bin/a",
            "d41d8cd98f00b204e9800998ecf8427e *usr/lib/b.so",
            "d41d8cd98f00b204e9800998ecf8427e  /etc/c",
            "d41d8cd98f00b204e9800998ecf8427e  usr/share/doc/with space/x",
            "",
            " leading-space-only",
            "nospace",
            "d41d8cd98f00b204e9800998ecf8427e  ",
            "d41d8cd98f00b204e9800998ecf8427e  usr/bin/last");

        // When
        var paths = DpkgMd5sumsParser.Parse(new StringReader(text));

        // Then
        Assert.Equal(["usr/bin/a", "usr/lib/b.so", "etc/c", "usr/share/doc/with space/x", "usr/bin/last"], paths);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\r\nb\rc\n\nd")]
    [InlineData("\r\r\n\n")]
    [InlineData("x\r")]
    [InlineData("tab\there\fform feed\u0085nel")]
    public void Lines_SplitWhereReadLineSplits(string text)
    {
        // Given
        var expected = new List<string>();
        using (var reader = new StringReader(text))
            while (reader.ReadLine() is { } line) expected.Add(line);

        // When
        var lines = new List<string>();
        using (var pooled = PooledText.Read(new StringReader(text)))
            foreach (var line in pooled.Lines) lines.Add(line.ToString());

        // Then
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void Md5sums_Empty_NoPaths() => Assert.Empty(DpkgMd5sumsParser.Parse(new StringReader("")));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Copyright_EveryLineEnding_SameNamesInOrderOnce(string eol)
    {
        // Given: DEP-5 fields (any case, expressions, trailing punctuation), common-licenses pointers (two on one line,
        // one repeated, one with nothing valid after the prefix), a pointer on a License: line (not looked for there)
        var text = string.Join(eol,
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
            "License: GPL-2+ or Artistic, and BSD-3-clause.",
            "license: MIT",
            "On Debian systems see /usr/share/common-licenses/GPL-2 and /usr/share/common-licenses/LGPL-2.1.",
            "again /usr/share/common-licenses/GPL-2, and /usr/share/common-licenses/-- nothing",
            "License: Apache-2.0 /usr/share/common-licenses/Ignored",
            "/usr/share/common-licenses/Expat");

        // When
        var names = DebianCopyrightParser.Parse(new StringReader(text));

        // Then
        Assert.Equal(["GPL-2+", "Artistic", "BSD-3-clause", "MIT", "GPL-2", "LGPL-2.1", "Apache-2.0 /usr/share/common-licenses/Ignored", "Expat"], names);
    }

    [Fact]
    public void Copyright_OverlongName_Dropped()
    {
        var text = "License: " + new string('x', 65) + "\nLicense: " + new string('y', 64);
        Assert.Equal([new string('y', 64)], DebianCopyrightParser.Parse(new StringReader(text)));
    }
}

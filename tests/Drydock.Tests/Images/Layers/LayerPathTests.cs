using Drydock.Images.Layers;

namespace Drydock.Tests.Images.Layers;

public sealed class LayerPathTests
{
    [Theory]
    [InlineData("usr/bin/ls", "usr/bin/ls")]
    [InlineData("./usr/bin/", "usr/bin")]
    [InlineData("/etc//passwd", "etc/passwd")]
    [InlineData("a/./b/../c", "a/c")]
    [InlineData(".bashrc", ".bashrc")]
    [InlineData("./", "")]
    [InlineData("a/..", "")]
    [InlineData("", "")]
    [InlineData("usr/", "usr")]
    [InlineData("./usr//lib/", "usr/lib")]
    [InlineData("./.hidden/x/", ".hidden/x")]
    [InlineData("./a/../b/", "b")]
    public void Normalize_NamesInsideRoot_ReturnsCleanPath(string name, string expected)
    {
        // Given / When
        var path = LayerPath.Normalize(name);

        // Then
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/../x")]
    [InlineData("a/../../b")]
    [InlineData("./..")]
    public void Normalize_NamesEscapingRoot_ReturnsNull(string name)
    {
        // Given / When
        var path = LayerPath.Normalize(name);

        // Then
        Assert.Null(path);
    }
}

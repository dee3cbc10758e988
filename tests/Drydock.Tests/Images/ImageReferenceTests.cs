using Drydock.Images;

namespace Drydock.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("library/debian:12", "docker.io/library/debian:12")]
    [InlineData("index.docker.io/foo/bar", "docker.io/foo/bar:latest")]
    [InlineData("localhost/app", "localhost/app:latest")]
    [InlineData("localhost:5000/app:v1", "localhost:5000/app:v1")]
    [InlineData("127.0.0.1:5000/team/app:1", "127.0.0.1:5000/team/app:1")]
    [InlineData("ghcr.io/org/sub/img:1.2.3-alpine", "ghcr.io/org/sub/img:1.2.3-alpine")]
    [InlineData("127.0.0.1:5000/team/app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "127.0.0.1:5000/team/app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_DockerStyleReference_NormalisesAsDocker(string input, string expected)
    {
        // When
        var reference = ImageReference.Parse(input);

        // Then
        Assert.Equal(expected, reference.ToString());
    }

    [Theory]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("127.0.0.1:5000/team/app:1", "127.0.0.1:5000/team/app:1")]
    [InlineData("foo/bar:2", "foo/bar:2")]
    public void Familiar_NormalisedReference_PrintsAsDocker(string input, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).Familiar);

    [Theory]
    [InlineData("")]
    [InlineData("foo/UPPER")]
    [InlineData("nginx:bad tag")]
    [InlineData("nginx@sha256:abc")]
    [InlineData("a//b")]
    [InlineData("-leading/dash")]
    public void TryParse_InvalidReference_Fails(string input) =>
        Assert.False(ImageReference.TryParse(input, out _, out _));
}

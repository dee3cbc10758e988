using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Sources;

public sealed class DigestVerifyingStreamTests
{
    private static readonly byte[] Content = "layer bytes"u8.ToArray();

    private static void ReadToEnd(Stream s) => s.CopyTo(Stream.Null);

    [Fact]
    public void Read_MatchingContent_NoError()
    {
        using var s = new DigestVerifyingStream(new MemoryStream(Content), Digest.Sha256(Content), Content.Length, "blob x");
        ReadToEnd(s);
        Assert.Equal(Content.Length, s.BytesRead);
    }

    [Fact]
    public void Read_OtherContent_MismatchNamesBlob()
    {
        using var s = new DigestVerifyingStream(new MemoryStream(Content), Digest.Sha256("other"u8), Content.Length, "layer 3 (sha256:abc)");
        var e = Assert.Throws<DrydockException>(() => ReadToEnd(s));
        Assert.StartsWith("digest mismatch for layer 3 (sha256:abc)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LongerThanDeclared_FailsBeforeTheEnd()
    {
        using var s = new DigestVerifyingStream(new MemoryStream(new byte[1 << 20]), Digest.Sha256(Content), 10, "blob y");
        var e = Assert.Throws<DrydockException>(() => ReadToEnd(s));
        Assert.Contains("larger than its declared size of 10 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShorterThanDeclared_Truncated()
    {
        using var s = new DigestVerifyingStream(new MemoryStream(Content), Digest.Sha256(Content), Content.Length + 5, "blob z");
        var e = Assert.Throws<DrydockException>(() => ReadToEnd(s));
        Assert.Contains("blob z is truncated", e.Message, StringComparison.Ordinal);
    }
}

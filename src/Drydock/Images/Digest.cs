using System.Security.Cryptography;

namespace Drydock.Images;

/// <summary>
/// A content digest as the OCI image spec defines it (<c>algorithm ":" encoded</c>). Only sha256 and sha512 are
/// accepted; the encoded part must be lower-case hex of the right length, so a digest can be used safely as a file name.
/// </summary>
public readonly record struct Digest(string Algorithm, string Hex)
{
    public override string ToString() => Algorithm + ":" + Hex;

    public static Digest Parse(string value) =>
        TryParse(value, out var d) ? d : throw new DrydockException($"invalid digest '{Truncate(value)}'");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(value)) return false;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        var alg = value[..colon];
        var hex = value[(colon + 1)..];
        var expected = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (expected < 0 || hex.Length != expected) return false;
        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }
        digest = new Digest(alg, hex);
        return true;
    }

    public static Digest Sha256(ReadOnlySpan<byte> data) =>
        new("sha256", Convert.ToHexStringLower(SHA256.HashData(data)));

    /// <summary>Creates the incremental hash that verifies content against this digest.</summary>
    public IncrementalHash CreateHash() => Algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new DrydockException($"unsupported digest algorithm '{Algorithm}'"),
    };

    /// <summary>The first 12 hex characters, as <c>docker images</c> shows ids.</summary>
    public string Short => Hex.Length > 12 ? Hex[..12] : Hex;

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "…" : s;
}

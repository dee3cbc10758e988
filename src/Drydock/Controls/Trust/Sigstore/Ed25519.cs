using System.Numerics;
using System.Security.Cryptography;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Ed25519 signature verification (RFC 8032 §5.1.7), which .NET does not provide: Rekor v2 logs and their checkpoints
/// sign with it. Verification only (no secrets, so constant time is not needed); S must be below L and both points must
/// decode, else the signature is invalid.
/// </summary>
internal static class Ed25519
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Base = FromAffine(
        BigInteger.Parse("15112221349535400772501151409588531511454012693041857206046113283949847762202", System.Globalization.CultureInfo.InvariantCulture),
        BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960", System.Globalization.CultureInfo.InvariantCulture));

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64) return false;
        if (Decode(publicKey) is not { } a || Decode(signature.AsSpan(0, 32)) is not { } r) return false;
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false);
        if (s >= L) return false;
        var h = Mod(new BigInteger(SHA512.HashData([.. signature.AsSpan(0, 32), .. publicKey, .. message]), isUnsigned: true, isBigEndian: false), L);
        var left = Multiply(Base, s);
        var right = Add(r, Multiply(a, h));
        return Mod(left.X * right.Z - right.X * left.Z) == 0 && Mod(left.Y * right.Z - right.Y * left.Z) == 0;
    }

    private static Point? Decode(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        var sign = copy[31] >> 7;
        copy[31] &= 0x7f;
        var y = new BigInteger(copy, isUnsigned: true, isBigEndian: false);
        if (y >= P) return null;
        var u = Mod(y * y - 1);
        var v = Mod(D * y * y + 1);
        var x = Mod(u * BigInteger.ModPow(v, 3, P) * BigInteger.ModPow(u * BigInteger.ModPow(v, 7, P), (P - 5) / 8, P));
        if (Mod(v * x * x - u) != 0)
        {
            if (Mod(v * x * x + u) != 0) return null;
            x = Mod(x * SqrtMinusOne);
        }
        if (x == 0 && sign == 1) return null;
        if ((int)(x % 2) != sign) x = P - x;
        return FromAffine(x, y);
    }

    private static Point FromAffine(BigInteger x, BigInteger y) => new(x, y, 1, Mod(x * y));

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(p.T * 2 * D * q.T);
        var d = Mod(p.Z * 2 * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(Point p, BigInteger k)
    {
        var result = new Point(0, 1, 1, 0);
        while (k > 0)
        {
            if (!k.IsEven) result = Add(result, p);
            p = Add(p, p);
            k >>= 1;
        }
        return result;
    }

    private static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(x, P - 2, P);

    private static BigInteger Mod(BigInteger x) => Mod(x, P);

    private static BigInteger Mod(BigInteger x, BigInteger m)
    {
        var r = x % m;
        return r.Sign < 0 ? r + m : r;
    }
}

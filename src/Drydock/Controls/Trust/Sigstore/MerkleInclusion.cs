using System.Security.Cryptography;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// RFC 6962 / RFC 9162 §2.1.3.2 inclusion-proof verification: the leaf hash is SHA-256(0x00 || entry), interior nodes
/// SHA-256(0x01 || left || right); the audit path must rebuild exactly the signed root for the given index and size.
/// </summary>
public static class MerkleInclusion
{
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var buffer = new byte[entry.Length + 1];
        entry.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>True when <paramref name="path"/> proves <paramref name="leaf"/> at <paramref name="index"/> in a tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    public static bool Verify(byte[] leaf, long index, long size, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= size) return false;
        var fn = index;
        var sn = size - 1;
        var r = leaf;
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != 32) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + left.Length);
        return SHA256.HashData(buffer);
    }
}

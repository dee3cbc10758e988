using System.Security.Cryptography;
using Drydock.Images.Layers.Inflate;
using Drydock.Testing;

namespace Drydock.Tests.Images.Layers.Inflate;

/// <summary>A test of the libzstd path: skipped, saying why, when libzstd does not load.</summary>
public sealed class ZstdTheoryAttribute : TheoryAttribute
{
    /// <summary>The cases read ../shared/testdata: skipped too when it is absent.</summary>
    public bool NeedsSharedData { get; set; }

    public override string? Skip
    {
        get => ZstdPaths.Native is null ? ZstdPaths.SkipReason
            : NeedsSharedData && !SharedTestData.Available ? "needs ../shared/testdata (peer conformance data), which is not beside this clone"
            : base.Skip;
        set => base.Skip = value;
    }
}

/// <summary>The fact form of <see cref="ZstdTheoryAttribute"/>.</summary>
public sealed class ZstdFactAttribute : FactAttribute
{
    public ZstdFactAttribute()
    {
        if (ZstdPaths.Native is null) Skip = ZstdPaths.SkipReason;
    }
}

/// <summary>Both zstd decoders, resolved once: libzstd as the process would find it (ignoring DRYDOCK_INFLATE), and managed.</summary>
internal static class ZstdPaths
{
    private static readonly ZstdChoice Auto = ZstdChoice.Resolve(null, ZstdLibrary.Candidates(AppContext.BaseDirectory));

    public static ZstdChoice? Native => Auto.Library is null ? null : Auto;

    public static ZstdChoice Managed { get; } = ZstdChoice.Managed("test");

    public static string SkipReason => "needs libzstd1 (scripts/install-deps.sh installs it): " + Auto.Description;

    public static byte[] Decode(ZstdChoice choice, byte[] zstd, int chunk = 81920)
    {
        using var stream = ZstdDecode.Open(choice, new MemoryStream(zstd));
        using var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = stream.Read(buffer)) > 0) output.Write(buffer, 0, read);
        return output.ToArray();
    }

    /// <summary>The bytes' digest, or the kind of failure: corrupt data (either decoder's exception) or a cut-short stream.</summary>
    public static string Outcome(ZstdChoice choice, byte[] zstd)
    {
        try
        {
            var bytes = Decode(choice, zstd);
            return $"{bytes.Length} bytes, sha256 {Convert.ToHexString(SHA256.HashData(bytes))}";
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            return "corrupt";
        }
        catch (EndOfStreamException)
        {
            return "truncated";
        }
    }
}

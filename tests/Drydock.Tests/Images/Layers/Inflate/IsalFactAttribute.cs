using Drydock.Images.Layers.Inflate;
using Drydock.Testing;

namespace Drydock.Tests.Images.Layers.Inflate;

/// <summary>A test that compares the ISA-L path with the managed one: skipped, saying why, when libisal does not load.</summary>
public sealed class IsalTheoryAttribute : TheoryAttribute
{
    /// <summary>The cases read ../shared/testdata: skipped too when it is absent.</summary>
    public bool NeedsSharedData { get; set; }

    public override string? Skip
    {
        get => InflatePaths.Isal is null ? InflatePaths.SkipReason
            : NeedsSharedData && !SharedTestData.Available ? "needs ../shared/testdata (peer conformance data), which is not beside this clone"
            : base.Skip;
        set => base.Skip = value;
    }
}

/// <summary>The fact form of <see cref="IsalTheoryAttribute"/>.</summary>
public sealed class IsalFactAttribute : FactAttribute
{
    public IsalFactAttribute()
    {
        if (InflatePaths.Isal is null) Skip = InflatePaths.SkipReason;
    }
}

/// <summary>Both decoders, resolved once: ISA-L as the process would find it (ignoring DRYDOCK_INFLATE), and managed.</summary>
internal static class InflatePaths
{
    public static InflateChoice Auto { get; } = InflateChoice.Resolve(null, IsalLibrary.Candidates(AppContext.BaseDirectory));

    public static InflateChoice? Isal => Auto.Isal is null ? null : Auto;

    public static InflateChoice Managed { get; } = InflateChoice.Managed("test");

    public static string SkipReason => "needs libisal2 (ISA-L; scripts/install-deps.sh installs it): " + Auto.Description;

    /// <summary>Decodes <paramref name="gzip"/> through <paramref name="choice"/>, reading <paramref name="chunk"/> bytes at a time.</summary>
    public static byte[] Decode(InflateChoice choice, byte[] gzip, int chunk = 81920)
    {
        using var stream = GzipInflate.Open(choice, new MemoryStream(gzip));
        using var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = stream.Read(buffer)) > 0) output.Write(buffer, 0, read);
        return output.ToArray();
    }

    /// <summary>What decoding gives: the bytes, or the type of the exception thrown.</summary>
    public static string Outcome(InflateChoice choice, byte[] gzip, int chunk = 81920)
    {
        try
        {
            var bytes = Decode(choice, gzip, chunk);
            return $"{bytes.Length} bytes, sha256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))}";
        }
        catch (InvalidDataException e)
        {
            // The message class: both decoders throw InvalidDataException with a non-empty message.
            return nameof(InvalidDataException) + (e.Message.Length > 0 ? "" : " without a message");
        }
    }
}

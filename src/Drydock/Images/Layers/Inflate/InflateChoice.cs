namespace Drydock.Images.Layers.Inflate;

/// <summary>Which gzip decoder runs, and why: <see cref="Isal"/> is null on the managed path.</summary>
internal sealed class InflateChoice
{
    private InflateChoice(IsalLibrary? isal, string description)
    {
        Isal = isal;
        Description = description;
    }

    public IsalLibrary? Isal { get; }

    /// <summary>One line for <c>drydock version --verbose</c>, e.g. <c>isa-l (/usr/lib/…/libisal.so.2)</c>.</summary>
    public string Description { get; }

    /// <summary>The managed decoder (.NET's GZipStream over zlib), with the reason ISA-L is not used.</summary>
    public static InflateChoice Managed(string reason) => new(null, $"managed zlib (System.IO.Compression; {reason})");

    /// <summary>
    /// ISA-L from the first of <paramref name="candidates"/> that loads and passes a self-test, unless
    /// <paramref name="setting"/> (the DRYDOCK_INFLATE value) is <c>managed</c>.
    /// </summary>
    public static InflateChoice Resolve(string? setting, IEnumerable<string> candidates)
    {
        if (string.Equals(setting?.Trim(), "managed", StringComparison.OrdinalIgnoreCase))
            return Managed(GzipInflate.EnvironmentVariable + "=managed");
        if (!Environment.Is64BitProcess) return Managed("ISA-L is used by 64-bit processes only");
        var isal = IsalLibrary.TryLoad(candidates, out var reason);
        if (isal is null) return Managed(reason);
        return IsalSelfTest.Passes(isal)
            ? new InflateChoice(isal, $"isa-l ({isal.Path})")
            : Managed($"{isal.Path} failed the self-test (unexpected inflate_state layout)");
    }
}

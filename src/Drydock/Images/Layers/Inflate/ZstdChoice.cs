namespace Drydock.Images.Layers.Inflate;

/// <summary>Which zstd decoder runs, and why: <see cref="Library"/> is null on the managed path.</summary>
internal sealed class ZstdChoice
{
    private ZstdChoice(ZstdLibrary? library, string description)
    {
        Library = library;
        Description = description;
    }

    public ZstdLibrary? Library { get; }

    /// <summary>One line for <c>drydock version --verbose</c>, e.g. <c>libzstd (libzstd.so.1)</c>.</summary>
    public string Description { get; }

    /// <summary>The managed decoder (ZstdSharp), with the reason libzstd is not used.</summary>
    public static ZstdChoice Managed(string reason) => new(null, $"managed (ZstdSharp; {reason})");

    /// <summary>
    /// libzstd from the first of <paramref name="candidates"/> that loads, unless <paramref name="setting"/> (the
    /// DRYDOCK_INFLATE value) is <c>managed</c>.
    /// </summary>
    public static ZstdChoice Resolve(string? setting, IEnumerable<string> candidates)
    {
        if (string.Equals(setting?.Trim(), "managed", StringComparison.OrdinalIgnoreCase))
            return Managed(GzipInflate.EnvironmentVariable + "=managed");
        var library = ZstdLibrary.TryLoad(candidates, out var reason);
        return library is null ? Managed(reason) : new ZstdChoice(library, $"libzstd ({library.Path})");
    }
}

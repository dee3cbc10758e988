using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Drydock.Images;

/// <summary>
/// An image platform (image-spec image-index.md). <see cref="Parse"/> reads <c>os/arch[/variant]</c> as
/// <c>--platform</c> takes it; <see cref="Host"/> is the platform this process runs on.
/// </summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";
    [JsonPropertyName("os")] public string Os { get; init; } = "";
    [JsonPropertyName("os.version")] public string? OsVersion { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
            throw new UsageException($"invalid platform '{text}': expected os/arch[/variant], e.g. linux/arm64/v8");
        return Normalize(new Platform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null });
    }

    public static Platform Host => Normalize(new Platform
    {
        Os = "linux",
        Architecture = RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            System.Runtime.InteropServices.Architecture.Arm => "arm",
            System.Runtime.InteropServices.Architecture.X86 => "386",
            System.Runtime.InteropServices.Architecture.S390x => "s390x",
            System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
            System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
            _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        },
    });

    /// <summary>Normalises as containerd's platforms package does: arm64 implies v8, aarch64 → arm64, x86_64 → amd64.</summary>
    public static Platform Normalize(Platform p)
    {
        var arch = p.Architecture.ToLowerInvariant() switch
        {
            "x86_64" or "x86-64" => "amd64",
            "aarch64" => "arm64",
            "i386" => "386",
            var a => a,
        };
        var variant = p.Variant;
        if (arch == "arm64" && variant is null or "8") variant = "v8";
        if (arch == "amd64" && variant == "v1") variant = null;
        return p with { Os = p.Os.ToLowerInvariant(), Architecture = arch, Variant = variant };
    }

    /// <summary>True when an image built for <paramref name="candidate"/> runs on this (wanted) platform.</summary>
    public bool Matches(Platform candidate)
    {
        var want = Normalize(this);
        var have = Normalize(candidate);
        if (want.Os != have.Os || want.Architecture != have.Architecture) return false;
        return want.Variant is null || have.Variant is null || want.Variant == have.Variant;
    }
}

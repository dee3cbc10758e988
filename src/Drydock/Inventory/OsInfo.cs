namespace Drydock.Inventory;

/// <summary>
/// The operating system of an image. <see cref="Family"/> is a stable lower-case id (<c>debian</c>, <c>ubuntu</c>,
/// <c>alpine</c>, <c>redhat</c>, <c>centos</c>, <c>rocky</c>, <c>alma</c>, <c>oracle</c>, <c>amazon</c>, <c>fedora</c>,
/// <c>sles</c>, <c>opensuse-leap</c>, <c>opensuse-tumbleweed</c>, <c>photon</c>, <c>wolfi</c>, <c>chainguard</c>,
/// <c>azurelinux</c>, <c>cbl-mariner</c>; also <c>centos-stream</c>, <c>slem</c> (SLE Micro), <c>bottlerocket</c>,
/// <c>coreos</c>, <c>echo</c>, <c>minimos</c>, <c>activestate</c> — Trivy's OS type names, see
/// <c>Inventory/OsRelease/OsFamilies</c>) or <c>unknown</c> — never a guess.
/// </summary>
public sealed record OsInfo
{
    public required string Family { get; init; }

    /// <summary>Version as the vendor writes it (<c>12</c>, <c>3.11.5</c>, <c>22.04</c>, <c>9.3</c>); empty when unknown.</summary>
    public string Version { get; init; } = "";
    public string? Codename { get; init; }

    /// <summary>PRETTY_NAME or equivalent, for display.</summary>
    public string? PrettyName { get; init; }

    /// <summary>True for distroless images identified by their package database and not by a release file.</summary>
    public bool Distroless { get; init; }

    /// <summary>Ubuntu with Expanded Security Maintenance enabled (ubuntu-advantage status.json: esm-infra enabled).</summary>
    public bool Extended { get; init; }

    /// <summary>The file the detection was read from.</summary>
    public string? Source { get; init; }

    public static readonly OsInfo Unknown = new() { Family = "unknown" };

    public bool IsUnknown => Family == "unknown";
}

using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Policy;

/// <summary>
/// The team policy (<c>drydock.yaml</c>, docs/policy.md): trusted bases, required signers, unnecessary packages,
/// setuid and secret allow-lists, per-control settings and the gate. <see cref="Default"/> is what applies without a file.
/// </summary>
public sealed record DrydockPolicy
{
    public IReadOnlyList<TrustedBase> TrustedBases { get; init; } = [];
    public IReadOnlyList<RequiredSigner> RequiredSigners { get; init; } = [];

    /// <summary>Notation (Notary Project) rules: trust store + trusted identities per repository pattern (CIS 4.5).</summary>
    public IReadOnlyList<NotationRule> Notation { get; init; } = [];

    /// <summary>Keyless Sigstore rules: trusted root + certificate identity per repository pattern (CIS 4.5).</summary>
    public IReadOnlyList<KeylessRule> Keyless { get; init; } = [];

    /// <summary>Docker Content Trust (Notary v1) rules: notary server and root keys per repository pattern (CIS 4.5).</summary>
    public IReadOnlyList<ContentTrustRule> ContentTrust { get; init; } = [];

    /// <summary>
    /// Where signatures are stored apart from the image (cosign's <c>COSIGN_REPOSITORY</c>, referrers pushed to another
    /// repository): looked up by the image's digest for every target, archives and engine images included. Null = none.
    /// </summary>
    public Images.ImageReference? SignatureRepository { get; init; }

    /// <summary>Registries (<c>host</c> or <c>host:port</c>) that may be read over plain HTTP or unverified TLS without failing CIS 4.2.</summary>
    public IReadOnlyList<string> InsecureRegistriesAllowed { get; init; } = [];

    /// <summary>Package names (glob: <c>*</c>, <c>?</c>) that should not be in a runtime image (CIS 4.3).</summary>
    public IReadOnlyList<string> UnnecessaryPackages { get; init; } = DefaultUnnecessaryPackages;

    /// <summary>Paths (glob) allowed to keep setuid/setgid bits (CIS 4.8).</summary>
    public IReadOnlyList<string> SetuidAllowList { get; init; } = [];

    /// <summary>Secret rule ids or path globs to ignore (CIS 4.10).</summary>
    public IReadOnlyList<string> SecretAllowList { get; init; } = [];
    public IReadOnlyDictionary<string, ControlSettings> Controls { get; init; } = new Dictionary<string, ControlSettings>();
    public GatePolicy Gate { get; init; } = new();
    public DatabasePolicy Database { get; init; } = new();

    /// <summary>Where the policy was read from (null for the default).</summary>
    public string? Source { get; init; }

    /// <summary>The policy without a file. A property, not a field: it must see the static lists above it initialised.</summary>
    public static DrydockPolicy Default => new();

    public bool IsEnabled(string controlId) => !Controls.TryGetValue(controlId, out var s) || s.Enabled;

    public Severity SeverityOf(string controlId, Severity fallback) =>
        Controls.TryGetValue(controlId, out var s) && s.Severity is { } sev ? sev : fallback;

    /// <summary>
    /// Login shells' remote access, compilers and build tools, and debugging tools that do not belong in a runtime
    /// image (CIS 4.3 "Ensure that unnecessary packages are not installed in the container").
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultUnnecessaryPackages =
    [
        "openssh-server", "openssh", "dropbear", "telnet", "telnetd", "inetutils-telnet", "rsh-client", "rsh-server",
        "ftp", "vsftpd", "tftp", "netcat", "netcat-openbsd", "netcat-traditional", "nmap",
        // Versioned compiler packages are gcc-12, g++-12, cpp-12, clang-14: "gcc-??" and not "gcc-*", which would also
        // match gcc-12-base, the runtime base package every Debian image carries.
        "gcc", "gcc-?", "gcc-??", "g++", "g++-?", "g++-??", "cpp", "cpp-?", "cpp-??", "clang", "clang-?", "clang-??", "make", "cmake", "build-essential", "build-base",
        "autoconf", "automake", "libtool", "binutils", "gdb", "strace", "ltrace", "tcpdump",
    ];
}

/// <summary>A trusted base: an image pattern (<c>docker.io/library/*</c>, <c>registry.example.com/base/*:*-slim</c>) and optional pinned digests.</summary>
public sealed record TrustedBase(string Pattern, IReadOnlyList<string> Digests);

/// <summary>Repositories (pattern) that must be signed by at least one of the keys (PEM public key files).</summary>
public sealed record RequiredSigner(string RepositoryPattern, IReadOnlyList<string> KeyFiles);

/// <summary>Per-control enable/disable and severity override.</summary>
public sealed record ControlSettings(bool Enabled, Severity? Severity);

/// <summary>Gate settings, with Trivy's meanings (see the gate).</summary>
public sealed record GatePolicy
{
    public IReadOnlyList<Severity> Severities { get; init; } = [Severity.Unknown, Severity.Low, Severity.Medium, Severity.High, Severity.Critical];
    public bool IgnoreUnfixed { get; init; }
    public IReadOnlyList<string> IgnoreStatuses { get; init; } = [];
    public int ExitCode { get; init; }
    public int? MinAgeDays { get; init; }
    public int? MaxImageAgeDays { get; init; }
    public bool FailOnEndOfLife { get; init; } = true;
    public bool FailOnControls { get; init; } = true;
    public bool FailOnStaleDigest { get; init; }

    /// <summary>Fail when the scan did not cover everything (report <c>coverage</c> gaps); <c>--fail-on-incomplete</c>.</summary>
    public bool FailOnIncomplete { get; init; }
    public string? IgnoreFile { get; init; }
}

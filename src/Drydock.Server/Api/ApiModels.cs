namespace Drydock.Server.Api;

/// <summary><c>POST /api/v1/scans</c>: the registry image to scan.</summary>
public sealed record ScanSubmission(string? Reference);

/// <summary>A scan job as the API shows it; <see cref="Report"/> is the report's URL once the job is done.</summary>
public sealed record ScanResource(long Id, string Reference, string State, int Attempts, string? Error, string? Digest, string? DatabaseVersion,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Report);

/// <summary><c>POST /api/v1/tokens</c>: a new token's name and scopes.</summary>
public sealed record TokenRequest(string? Name, IReadOnlyList<string>? Scopes);

/// <summary>The new token, shown once.</summary>
public sealed record TokenResponse(string Name, string Token, IReadOnlyList<string> Scopes);

/// <summary><c>POST /api/v1/agents/audits</c>' answer: which hosts and how many containers were recorded.</summary>
public sealed record AuditAccepted(IReadOnlyList<string> Hosts, int Containers);

/// <summary><c>GET /api/v1/vulnerabilities/{id}/affected</c>.</summary>
public sealed record AffectedResponse(string Vulnerability, IReadOnlyList<AffectedImage> Images, IReadOnlyList<string> Repositories, IReadOnlyList<string> Hosts);

public sealed record AffectedImage(string Digest, string Repository, List<AffectedPackageRef> Packages, List<AffectedContainer> Containers);

public sealed record AffectedPackageRef(string Name, string Version, string? FixedVersion, string Severity);

public sealed record AffectedContainer(string Host, string Id, string Name, string Image, bool Running);

/// <summary>RFC 9457 problem details (every API error).</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail);

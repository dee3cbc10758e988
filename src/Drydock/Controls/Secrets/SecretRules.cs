using System.Text.RegularExpressions;

namespace Drydock.Controls.Secrets;

/// <summary>
/// The secret formats Drydock knows, each from its issuer's documented token format (AWS access key ids, PEM
/// private keys, GitHub/GitLab/Slack tokens, JWTs) plus a generic "credential-looking name = high-entropy value" rule.
/// </summary>
public static partial class SecretRules
{
    public static IReadOnlyList<SecretRule> All { get; } =
    [
        new("aws-access-key-id", "AWS access key ID", AwsAccessKey()),
        new("aws-secret-access-key", "AWS secret access key", AwsSecret()),
        new("private-key", "Private key (PEM)", PrivateKey()),
        new("github-token", "GitHub token", GitHubToken()),
        new("github-fine-grained-pat", "GitHub fine-grained personal access token", GitHubPat()),
        new("gitlab-token", "GitLab personal access token", GitLabToken()),
        new("slack-token", "Slack token", SlackToken()),
        new("slack-webhook", "Slack webhook URL", SlackWebhook()),
        new("jwt", "JSON Web Token", Jwt()),
        new("npm-auth-token", "npm auth token", NpmAuth()),
        new("docker-config-auth", "Docker registry credentials", DockerAuth()),
        new("generic-credential", "Credential assigned to a secret-looking name", GenericAssignment()),
    ];

    [GeneratedRegex(@"\b(?<secret>(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?i)aws_?secret_?access_?key\s*[=:]\s*[""']?(?<secret>[A-Za-z0-9/+=]{40})\b")]
    private static partial Regex AwsSecret();

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?<secret>[\s\S]{0,64})")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,255})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\b(?<secret>github_pat_[A-Za-z0-9_]{82})\b")]
    private static partial Regex GitHubPat();

    [GeneratedRegex(@"\b(?<secret>glpat-[A-Za-z0-9_\-]{20,})\b")]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\b(?<secret>xox[baprs]-[A-Za-z0-9-]{10,})\b")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<secret>https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+)")]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})\b")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)_authToken\s*=\s*(?<secret>[^\s$][^\s]{7,})")]
    private static partial Regex NpmAuth();

    [GeneratedRegex(@"""auth""\s*:\s*""(?<secret>[A-Za-z0-9+/=]{8,})""")]
    private static partial Regex DockerAuth();

    [GeneratedRegex(@"(?i)\b[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z0-9_.-]*\s*[=:]\s*[""']?(?<secret>[^\s""'$]{8,})")]
    private static partial Regex GenericAssignment();
}

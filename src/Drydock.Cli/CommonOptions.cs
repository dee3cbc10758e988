using System.CommandLine;
using Drydock.Controls;
using Drydock.Model;
using Drydock.Policy;
using Drydock.Reports;
using Drydock.Scanning.Gate;
using Drydock.Vulnerabilities;

namespace Drydock.Cli;

/// <summary>Options shared by the verbs that report and gate, so they read and mean the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Policy() => new("--policy")
    {
        Description = "The team policy file (drydock.yaml; see docs/policy.md). Default: ./drydock.yaml when it exists.",
    };

    public static Option<string> Format() => new("--format", "-f")
    {
        Description = $"Report format on stdout: {string.Join(", ", ReportWriters.Formats)}.",
        DefaultValueFactory = _ => "table",
    };

    public static Option<string?> Output() => new("--output")
    {
        Description = "Write the --format report to this file instead of stdout (a regular file is replaced atomically; a device, FIFO or symlink target is written in place; - is stdout).",
    };

    public static Option<string[]> ExtraOutputs() => new("-o")
    {
        Description = "Also write FORMAT=PATH (repeatable), e.g. -o json=report.json -o sarif=report.sarif.",
    };

    public static Option<string?> Severity() => new("--severity", "-s")
    {
        Description = "Severities to report and gate on, comma-separated: UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL (default: all, or the policy's gate.severity).",
    };

    public static Option<int?> ExitCode() => new("--exit-code")
    {
        Description = "Exit code when the gate fails (default 0: report only, or the policy's gate.exitCode).",
    };

    /// <summary>The policy given, else ./drydock.yaml when present, else the defaults.</summary>
    public static Option<string[]> InsecureRegistry() => new("--insecure-registry")
    {
        Description = "Registry HOST[:PORT] that may be reached over plain HTTP or unverified TLS (repeatable).",
    };

    /// <summary>The registries given with <see cref="InsecureRegistry"/>, compared case-insensitively.</summary>
    public static HashSet<string> InsecureRegistries(ParseResult parse, Option<string[]> insecure) =>
        (parse.GetValue(insecure) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static DrydockPolicy LoadPolicy(string? path) =>
        path is not null ? PolicyLoader.Load(path, ControlCatalog.Ids)
        : File.Exists("drydock.yaml") ? PolicyLoader.Load("drydock.yaml", ControlCatalog.Ids) : DrydockPolicy.Default;

    /// <summary>The gate settings: the policy's gate section, overridden by flags given on the command line.</summary>
    public static GateOptions Gate(ParseResult parse, DrydockPolicy policy, Option<string?> severity, Option<int?> exitCode)
    {
        var g = policy.Gate;
        var severities = parse.GetValue(severity) is { } list ? ParseSeverities(list) : g.Severities.ToHashSet();
        var code = parse.GetValue(exitCode) ?? g.ExitCode;
        if (code is < 0 or > 255) throw new UsageException("--exit-code must be between 0 and 255");
        return new GateOptions
        {
            Severities = severities,
            ExitCode = code,
            IgnoreUnfixed = g.IgnoreUnfixed,
            IgnoreStatuses = g.IgnoreStatuses.Select(GateOptions.ParseStatus).ToHashSet(),
            MinAgeDays = g.MinAgeDays,
            MaxImageAgeDays = g.MaxImageAgeDays,
            FailOnEndOfLife = g.FailOnEndOfLife,
            FailOnControls = g.FailOnControls,
            FailOnStale = g.FailOnStaleDigest,
            FailOnIncomplete = g.FailOnIncomplete,
        };
    }

    public static HashSet<Severity> ParseSeverities(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(PolicyLoader.ParseSeverity).ToHashSet();
}

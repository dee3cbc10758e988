using System.CommandLine;
using Drydock.Images;
using Drydock.Scanning;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Gate;
using Drydock.Scanning.Pipeline;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock image TARGET</c>: the whole audit — inventory, vulnerabilities, CIS 4.x controls — and the gate.
/// Trivy's flags keep their meaning, so a pipeline can switch by changing one word.
/// </summary>
internal static class ImageCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("TARGET") { Description = "The image: docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH[:TAG], docker:NAME, registry:REF, a bare reference, or an existing path." };
        var policy = CommonOptions.Policy();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var extra = CommonOptions.ExtraOutputs();
        var severity = CommonOptions.Severity();
        var exitCode = CommonOptions.ExitCode();
        var ignoreUnfixed = new Option<bool>("--ignore-unfixed") { Description = "Drop vulnerabilities that have no fixed version." };
        var ignoreStatus = new Option<string?>("--ignore-status") { Description = "Drop vulnerabilities with these statuses, comma-separated: fixed, affected, will_not_fix, fix_deferred, end_of_life, not_affected." };
        var ignoreFile = new Option<string?>("--ignorefile") { Description = "Waivers in .trivyignore syntax with exp:, owner:, reason:, purl: (default: .drydockignore, else .trivyignore, when it exists; the report names the file read)." };
        var vex = new Option<string[]>("--vex") { Description = "OpenVEX document(s): not_affected/fixed statements suppress findings (repeatable)." };
        var pkgTypes = new Option<string?>("--pkg-types") { Description = "Package types to report: os, library, or both (default os,library)." };
        var baseline = new Option<string?>("--baseline") { Description = "An accepted earlier JSON report: fail only on findings that are new relative to it." };
        var minAge = new Option<int?>("--min-age") { Description = "Grace period in days for newly published vulnerabilities: younger ones are reported but do not fail the gate." };
        var maxAge = new Option<int?>("--max-age") { Description = "Fail the gate when the image was built more than this many days ago." };
        var scanners = new Option<string>("--scanners") { Description = "What to run, comma-separated: vuln, controls.", DefaultValueFactory = _ => "vuln,controls" };
        var db = new Option<string?>("--db") { Description = "The vulnerability database (default $DRYDOCK_DB or vuln.db in $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock)." };
        var offline = new Option<bool>("--offline", "--offline-scan") { Description = "Ask no registry anything beyond reading the target itself (implies --freshness never; trusted base repositories are not listed, so CIS-4.2 skips when it cannot identify the base otherwise)." };
        var skipDbUpdate = new Option<bool>("--skip-db-update") { Description = "Accepted for Trivy compatibility: a scan downloads the database only with --db-repository (see db pull)." };
        var platform = new Option<string?>("--platform") { Description = "Platform to pick from a multi-platform image: os/arch[/variant] (default: this host's)." };
        var insecure = CommonOptions.InsecureRegistry();
        var signatureRepository = new Option<string?>("--signature-repository")
        {
            Description = "Also look for signatures in this repository (REGISTRY/REPO, no tag), by the image's digest: cosign's COSIGN_REPOSITORY, referrers pushed elsewhere. Archives and layouts are looked up only there (policy signatureRepository; this flag wins).",
        };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write the layer analysis cache." };
        var cacheMax = new Option<long>("--cache-max-size") { Description = "Bound of the layer cache in bytes; least recently used layers are evicted.", DefaultValueFactory = _ => LayerCache.DefaultMaxBytes };
        var timeout = new Option<string?>("--timeout") { Description = "Give up after this long (e.g. 90s, 5m, 1h): exit 3." };
        var freshness = new Option<string>("--freshness")
        {
            Description = "Look the image's tag and base up in their registries (DRYDOCK-FRESHNESS, base drift in CIS-4.4): auto = for registry: and docker: targets, always = also archives and layouts that carry a reference, never. --offline means never.",
            DefaultValueFactory = _ => "auto",
        };
        freshness.AcceptOnlyFromAmong("auto", "always", "never");
        var failStale = new Option<bool>("--fail-stale") { Description = "Fail the gate when the tag in the registry names a newer image than the one scanned, whatever --severity says (policy gate.failOnStaleDigest). A freshness lookup that gave no answer (registry unreachable) fails it too: 'freshness could not be determined'." };
        var failIncomplete = new Option<bool>("--fail-on-incomplete") { Description = "Fail the gate when the scan did not cover everything: an OS or ecosystem without advisory data, an analyzer or layer read that failed, advisory ranges that could not be evaluated, freshness that could not be determined (policy gate.failOnIncomplete; the report's coverage section lists each gap)." };
        var command = new Command("image",
            "Audit an image: packages, vulnerabilities matched against the local database, and every CIS 4.x image control, then gate on them. " +
            "Reports: --format to stdout plus -o FORMAT=PATH files.\n" + DrydockCli.ExitCodeHelp)
        {
            target, policy, format, output, extra, severity, exitCode, ignoreUnfixed, ignoreStatus, ignoreFile, vex, pkgTypes,
            baseline, minAge, maxAge, scanners, db, offline, skipDbUpdate, platform, insecure, signatureRepository, noCache, cacheMax, freshness, failStale, failIncomplete, timeout,
        };
        var dbRepository = DbRepositoryOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            using var progress = StderrProgress.For(error, parse.GetValue(DrydockCli.Quiet));
            var rules = CommonOptions.LoadPolicy(parse.GetValue(policy));
            if (parse.GetValue(signatureRepository) is { } signatures) rules = rules with { SignatureRepository = Drydock.Policy.SignatureRepositoryName.Parse(signatures) };
            var gate = CommonOptions.Gate(parse, rules, severity, exitCode);
            var run = parse.GetValue(scanners)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (run.Except(["vuln", "controls"], StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } unknown)
                throw new UsageException($"unknown scanner '{unknown}' (expected vuln, controls)");
            gate = gate with
            {
                IgnoreUnfixed = gate.IgnoreUnfixed || parse.GetValue(ignoreUnfixed),
                IgnoreStatuses = parse.GetValue(ignoreStatus) is { } st ? st.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(GateOptions.ParseStatus).ToHashSet() : gate.IgnoreStatuses,
                PackageTypes = parse.GetValue(pkgTypes) is { } pt ? PackageTypesOf(pt) : gate.PackageTypes,
                MinAgeDays = parse.GetValue(minAge) ?? gate.MinAgeDays,
                MaxImageAgeDays = parse.GetValue(maxAge) ?? gate.MaxImageAgeDays,
                IgnoreFile = IgnoreFileParser.Find(parse.GetValue(ignoreFile) ?? rules.Gate.IgnoreFile, Environment.CurrentDirectory),
                Vex = (parse.GetValue(vex) ?? []).SelectMany(OpenVexParser.Load).ToList(),
                Baseline = parse.GetValue(baseline) is { } b ? BaselineLoader.Load(b) : null,
                FailOnStale = gate.FailOnStale || parse.GetValue(failStale),
                FailOnIncomplete = gate.FailOnIncomplete || parse.GetValue(failIncomplete),
            };
            gate = gate with { Waivers = gate.IgnoreFile is { } ignore ? IgnoreFileParser.Load(ignore) : [] };
            var insecureRegistries = CommonOptions.InsecureRegistries(parse, insecure);
            string? dbPath = null;
            if (run.Contains("vuln"))
            {
                dbPath = DatabaseLocation.Resolve(parse.GetValue(db));
                await dbRepository.EnsureDatabaseAsync(parse, dbPath, rules, insecureRegistries, progress, ct);
            }
            // The target is parsed once, here; the scanner opens what it names.
            var platformWanted = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null;
            var parsedTarget = Images.Targets.TargetParser.Parse(parse.GetValue(target)!);
            var clock = ReproducibleClock.FromEnvironment();
            // Signatures are verified for registry targets even with --offline (they come with the target); --offline
            // turns freshness off through the request.
            using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings
            {
                DatabasePath = dbPath,
                CachePath = parse.GetValue(noCache) ? null : LayerCache.DefaultPath,
                CacheMaxBytes = parse.GetValue(cacheMax),
                BaseCatalogPath = Bases.BaseCatalog.DefaultPath,
                RegistryLookups = true,
                InsecureRegistries = insecureRegistries,
                RegistryProgress = progress,
                Clock = clock,
            }));
            var request = new ScanRequest
            {
                Target = parsedTarget,
                Platform = platformWanted,
                Policy = rules,
                Gate = gate,
                MatchVulnerabilities = run.Contains("vuln"),
                RunControls = run.Contains("controls"),
                Freshness = parse.GetValue(offline) ? FreshnessMode.Never : FreshnessOf(parse.GetValue(freshness)!),
                Progress = progress,
            };
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var limit = parse.GetValue(timeout) is { } t ? Durations.Parse(t, "--timeout") : (TimeSpan?)null;
            if (limit is { } l) timeoutSource.CancelAfter(l);
            ScanReport report;
            try
            {
                report = await scanner.ScanAsync(request, timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && limit is not null)
            {
                throw new DrydockException($"timed out after {parse.GetValue(timeout)}");
            }
            progress.Finish();
            if (report.Database is { } d && clock.GetUtcNow() - d.BuiltAt > TimeSpan.FromDays(7))
                progress.Warn($"the vulnerability database was built {(int)(clock.GetUtcNow() - d.BuiltAt).TotalDays} days ago; run 'drydock db update'");
            foreach (var w in report.Warnings) progress.Warn(w);
            CoverageWarnings.Warn(report.Coverage, progress);
            await ReportOutputs.WriteAsync(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(extra) ?? [], parse.InvocationConfiguration.Output, ct);
            return report.Gate?.ExitCode ?? 0;
        });
        return command;
    }

    /// <summary>The --freshness value (already restricted to auto, always, never).</summary>
    private static FreshnessMode FreshnessOf(string mode) => mode switch
    {
        "always" => FreshnessMode.Always,
        "never" => FreshnessMode.Never,
        _ => FreshnessMode.Auto,
    };

    private static HashSet<string> PackageTypesOf(string text)
    {
        var set = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToHashSet();
        if (set.Count == 0 || set.Any(s => s is not ("os" or "library"))) throw new UsageException($"invalid --pkg-types '{text}' (expected os, library or os,library)");
        return set;
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>
/// Our comparers against the ecosystems' own implementations, where they run here: dpkg --compare-versions,
/// python3-rpm's labelCompare and node-semver, each over a few hundred pairs of real version strings and in one
/// process per tool (pairs fed on stdin). Skipped with a message when the tool is absent.
/// </summary>
[Trait("Category", "Oracle")]
public sealed partial class ReferenceOracleTests
{
    [GeneratedRegex(@"^Version: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex DebVersionField();

    [OracleFact("dpkg")]
    public void DebCompare_RealVersionPairs_AgreesWithDpkg()
    {
        // Given: every Version: field of the dpkg status fixtures, paired up
        var versions = Directory.EnumerateFiles(SharedTestData.Path("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(SharedTestData.Path("syft/syft/pkg/cataloger/debian/testdata"), "*", SearchOption.AllDirectories))
            .SelectMany(f => DebVersionField().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(new DebVersionComparer().IsValid);
        var pairs = Pairs(versions, max: 40); // dpkg runs once or twice per pair: keep the test a few seconds
        const string script =
            "while IFS=\"$(printf '\\t')\" read -r a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo -1; " +
            "elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo 0; else echo 1; fi; done";

        // When
        var expected = RunBatch("/bin/sh", ["-c", script], pairs.Select(p => p.A + "\t" + p.B));

        // Then
        AssertAgrees(new DebVersionComparer(), pairs, expected);
    }

    [OracleFact("/usr/bin/python3", "rpm")]
    public void RpmCompare_RealVersionPairs_AgreesWithLabelCompare()
    {
        // Given: the E:V-R of every package in go-rpmdb's expected package lists, paired up
        var versions = Directory.EnumerateFiles(SharedTestData.Path("go-rpmdb/pkg/expected"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(root => root.ValueKind == JsonValueKind.Array)
            .SelectMany(root => root.EnumerateArray())
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("Version", out _) && p.TryGetProperty("Release", out _))
            .Select(p => $"{(p.TryGetProperty("Epoch", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 0)}:" +
                         $"{p.GetProperty("Version").GetString()}-{p.GetProperty("Release").GetString()}");
        var pairs = Pairs(versions);
        const string script =
            "import rpm, sys\n" +
            "def evr(s):\n e, vr = s.split(':', 1); v, r = vr.rsplit('-', 1); return (e, v, r)\n" +
            "for line in sys.stdin:\n a, b = line.rstrip('\\n').split('\\t'); print(rpm.labelCompare(evr(a), evr(b)))\n";

        // When
        var expected = RunBatch("/usr/bin/python3", ["-c", script], pairs.Select(p => p.A + "\t" + p.B));

        // Then
        AssertAgrees(new RpmVersionComparer(), pairs, expected);
    }

    [OracleFact("npm")]
    public void NpmCompare_RealVersionPairs_AgreesWithNodeSemver()
    {
        var semverDir = NodeSemver.Directory;
        Assert.True(semverDir is not null, NodeSemver.Reason);
        // Given: the valid versions of the node-semver/go-npm-version and grype vectors, paired up
        var comparer = new NpmVersionComparer();
        var versions = VersionVectors.Read("constraints.tsv").Select(r => r[1])
            .Concat(VersionVectors.Read("compare.tsv").Where(r => r[0] == "maven" || r[0] == "apk").SelectMany(r => new[] { r[1], r[2] }))
            .Where(comparer.IsValid);
        var pairs = Pairs(versions);
        const string script =
            "const semver = require('semver'); const lines = require('fs').readFileSync(0, 'utf8').split('\\n');" +
            "for (const l of lines) { if (!l) continue; const [a, b] = l.split('\\t'); console.log(semver.compare(a, b)); }";

        // When
        var expected = RunBatch("node", ["-e", script], pairs.Select(p => p.A + "\t" + p.B), semverDir);

        // Then
        AssertAgrees(comparer, pairs, expected);
    }

    // Distinct versions in a stable order (at most max, spread over the whole list); each paired with its neighbour,
    // with one far away and with itself: a few hundred pairs, so the one tool process stays fast.
    private static List<(string A, string B)> Pairs(IEnumerable<string> versions, int max = 150)
    {
        var all = versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, all.Count / max);
        var list = all.Where((_, i) => i % step == 0).Take(max).ToList();
        Assert.True(list.Count > 20, $"only {list.Count} versions found");
        var pairs = new List<(string, string)>();
        for (var i = 0; i < list.Count; i++)
        {
            pairs.Add((list[i], list[(i + 1) % list.Count]));
            pairs.Add((list[i], list[(i * 7 + 3) % list.Count]));
            if (i % 10 == 0) pairs.Add((list[i], list[i]));
        }
        return pairs;
    }

    private static void AssertAgrees(IVersionComparer comparer, List<(string A, string B)> pairs, List<string>? expected)
    {
        Assert.NotNull(expected);
        Assert.Equal(pairs.Count, expected.Count);
        var failures = pairs.Select((p, i) => (p, want: int.Parse(expected[i], System.Globalization.CultureInfo.InvariantCulture),
                got: Math.Sign(comparer.Compare(p.A, p.B))))
            .Where(x => x.want != x.got).Select(x => $"{x.p.A} vs {x.p.B}: tool {x.want}, ours {x.got}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {pairs.Count} pairs disagree:\n" + string.Join('\n', failures));
    }

    /// <summary>Runs one process, feeds it all lines on stdin, returns its stdout lines (null when it fails).</summary>
    internal static List<string>? RunBatch(string file, string[] args, IEnumerable<string> input, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in input) process.StandardInput.WriteLine(line);
        process.StandardInput.Close();
        process.WaitForExit();
        _ = stderr.Result;
        return process.ExitCode == 0 ? [.. stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)] : null;
    }
}

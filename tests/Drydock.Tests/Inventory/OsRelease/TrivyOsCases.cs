using System.Text.Json.Nodes;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.OsRelease;

/// <summary>
/// Trivy's OS analyzer test tables (testdata/trivy/pkg/fanal/analyzer/os/*/EXPECTED_*_test.json) as detector cases:
/// each input file is placed at the path the Trivy analyzer reads it from, in an otherwise empty image.
/// Mapping of Trivy's results to ours (documented here because it is the only place they differ):
/// <list type="bullet">
/// <item>Family: Trivy's Go constant <c>types.X</c> → its string value (pkg/fanal/types/const.go), which is our id.</item>
/// <item>Amazon system-release: Trivy's Name is the rest of the line ("2 (Karoo)", "AMI release 2018.03"); we split
///   it into Version "2" + Codename "Karoo", or Version "2018.03" for the AMI form.</item>
/// <item>Ubuntu ESM: Trivy's OS{Extended:true} is our <c>Extended</c>; "want null"/"wantErr" is Extended false.</item>
/// <item>"want null" / "wantErr" (no OS) is our <c>OsInfo.Unknown</c>.</item>
/// </list>
/// </summary>
public sealed record TrivyOsCase(string CaseName, MemoryFileSystem Image, string? WantFamily, string? WantTrivyName, bool? WantExtended)
{
    private static readonly Dictionary<string, string> TrivyFamilies = new()
    {
        ["ActiveState"] = "activestate",
        ["Alma"] = "alma",
        ["Alpine"] = "alpine",
        ["Amazon"] = "amazon",
        ["Azure"] = "azurelinux",
        ["Bottlerocket"] = "bottlerocket",
        ["CBLMariner"] = "cbl-mariner",
        ["CentOS"] = "centos",
        ["CentOSStream"] = "centos-stream",
        ["Chainguard"] = "chainguard",
        ["CoreOS"] = "coreos",
        ["Debian"] = "debian",
        ["Echo"] = "echo",
        ["Fedora"] = "fedora",
        ["MinimOS"] = "minimos",
        ["OpenSUSELeap"] = "opensuse-leap",
        ["OpenSUSETumbleweed"] = "opensuse-tumbleweed",
        ["Oracle"] = "oracle",
        ["Photon"] = "photon",
        ["RedHat"] = "redhat",
        ["Rocky"] = "rocky",
        ["SLEMicro"] = "slem",
        ["SLES"] = "sles",
        ["Ubuntu"] = "ubuntu",
        ["Wolfi"] = "wolfi",
    };

    private const string Root = "trivy/pkg/fanal/analyzer/os";

    public override string ToString() => CaseName;

    public static IEnumerable<TrivyOsCase> All()
    {
        foreach (var file in Directory.GetFiles(SharedTestData.Path(Root), "EXPECTED_*_test.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var dir = Path.GetDirectoryName(file)!;
            var group = Path.GetFileName(dir);
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var (test, cases) in json["tests"]!.AsObject())
            {
                if (test.EndsWith("_Required", StringComparison.Ordinal)) continue; // path filters: tested on Wants
                var index = 0;
                foreach (var c in cases!.AsArray())
                {
                    var name = $"{group}/{test}#{index++} {c!["name"]}";
                    var os = c["want"]?["OS"] ?? c["wantResult"]?["OS"];
                    var family = os?["Family"]?.GetValue<string>() is { } f ? TrivyFamilies.GetValueOrDefault(f.Replace("types.", "", StringComparison.Ordinal), f) : null;
                    var extended = os?["Extended"]?.GetValue<bool>();
                    var fs = new MemoryFileSystem();
                    if (c["testFile"] is { } esm)
                    {
                        // ESM cases: an Ubuntu image with the given status.json.
                        fs.AddFile("etc/lsb-release", File.ReadAllBytes(Path.Combine(dir, "testdata/lsb-release")));
                        fs.AddFile(c["filePath"]!.GetValue<string>(), File.ReadAllBytes(Path.Combine(dir, esm.GetValue<string>())));
                        yield return new TrivyOsCase(name, fs, "ubuntu", null, extended ?? false);
                        continue;
                    }
                    if (c["inputFile"] is { } input)
                    {
                        var relative = input.GetValue<string>();
                        fs.AddFile(ImagePath(group, test, relative), File.ReadAllBytes(Path.Combine(dir, relative)));
                    }
                    else
                    {
                        var content = c["input"]!["Content"]!["args"]![0]!.GetValue<string>();
                        fs.AddFile(c["input"]!["FilePath"]!.GetValue<string>(), content);
                    }
                    yield return new TrivyOsCase(name, fs, family, os?["Name"]?.GetValue<string>(), null);
                }
            }
        }
    }

    /// <summary>Where Trivy's analyzer for <paramref name="group"/> reads its input file from.</summary>
    private static string ImagePath(string group, string test, string relative) => group switch
    {
        "release" => "etc/os-release",
        "debian" => "etc/debian_version",
        "ubuntu" => "etc/lsb-release",
        "redhatbase" when relative.Contains("not_redhatbase", StringComparison.Ordinal) =>
            test.Contains("alma", StringComparison.Ordinal) ? "etc/almalinux-release" : "etc/redhat-release",
        "redhatbase" => "etc/" + Path.GetFileName(relative),
        _ => throw new InvalidOperationException($"no image path for {group}/{relative}"),
    };
}

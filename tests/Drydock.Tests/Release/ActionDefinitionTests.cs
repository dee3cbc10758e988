using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Release;

/// <summary>
/// The GitHub Action (action.yml at the repository root): its scan step, run as written, must pass every input to a
/// real <c>drydock image</c> option (changing the input changes that option and nothing else), except <c>version</c>,
/// which only the install step reads.
/// </summary>
public sealed class ActionDefinitionTests : IDisposable
{
    private readonly ScriptArguments _arguments = new();

    public void Dispose() => _arguments.Dispose();

    /// <summary>A value per input that no default and no other input has, so the option that carries it is unambiguous.</summary>
    private static readonly Dictionary<string, string> Distinct = new()
    {
        ["target"] = "oci:/images/distinct-target:7",
        ["severity"] = "CRITICAL,MEDIUM",
        ["ignore-unfixed"] = "true",
        ["exit-code"] = "42",
        ["format"] = "sarif",
        ["output"] = "distinct-report.out",
        ["sarif"] = "distinct.sarif",
        ["db-repository"] = "registry.example/team/distinct-db",
    };

    [Fact]
    public void ScanStep_EachInputChanged_ReachesItsOwnDrydockImageOption()
    {
        // Given
        var action = CiYaml.Load("action.yml");
        var inputs = ((YamlMappingNode)action["inputs"]).Children.ToDictionary(
            c => CiYaml.Scalar(c.Key), c => ((YamlMappingNode)c.Value).Children.TryGetValue("default", out var d) ? CiYaml.Scalar(d) : "");
        var scan = Step(action, "scan");
        var env = CiYaml.Map(scan["env"]);
        Assert.Equal(inputs.Keys.Where(k => k != "version").Order(), Distinct.Keys.Order());
        inputs["target"] = "oci:/images/baseline:1";

        // When / Then: the step's env maps ${{ inputs.X }} to variables, the script turns them into flags
        _arguments.AssertEachReachesOneOption(CiYaml.Scalar(scan["run"]), values => env.ToDictionary(
            e => e.Key, e => values[e.Value.Replace("${{ inputs.", "", StringComparison.Ordinal).Replace(" }}", "", StringComparison.Ordinal)]),
            inputs, Distinct);
    }

    [Fact]
    public void Steps_VersionAndSarif_ReadByInstallAndUploadSteps()
    {
        // Given
        var action = CiYaml.Load("action.yml");

        // When
        var install = Step(action, "install");
        var upload = Steps(action).Single(s => s.Children.TryGetValue("uses", out var u)
            && CiYaml.Scalar(u).StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));

        // Then
        Assert.Contains("${{ inputs.version }}", CiYaml.Map(install["env"]).Values);
        Assert.Contains("inputs.sarif", CiYaml.Scalar(upload["if"]), StringComparison.Ordinal);
        Assert.Equal("${{ inputs.sarif }}", CiYaml.Map(upload["with"])["sarif_file"]);
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode action) =>
        ((YamlSequenceNode)((YamlMappingNode)action["runs"])["steps"]).Cast<YamlMappingNode>();

    private static YamlMappingNode Step(YamlMappingNode action, string id) =>
        Steps(action).Single(s => s.Children.TryGetValue("id", out var v) && CiYaml.Scalar(v) == id);
}

using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Release;

/// <summary>
/// The GitLab template (ci/gitlab/drydock.gitlab-ci.yml): .drydock-scan's script, run as GitLab runs it (the lines in one
/// shell), must pass each DRYDOCK_ variable it documents to a real <c>drydock image</c> option.
/// </summary>
public sealed class GitLabTemplateTests : IDisposable
{
    private readonly ScriptArguments _arguments = new();

    public void Dispose() => _arguments.Dispose();

    [Fact]
    public void ScanJob_EachVariableChanged_ReachesItsOwnDrydockImageOption()
    {
        // Given
        var template = CiYaml.Load("ci/gitlab/drydock.gitlab-ci.yml");
        var variables = CiYaml.Map(template["variables"]);
        var scan = (YamlMappingNode)template[".drydock-scan"];
        var script = string.Join('\n', ((YamlSequenceNode)scan["script"]).Select(CiYaml.Scalar));
        Assert.Equal(".drydock-install", CiYaml.Scalar(scan["extends"]));
        variables["DRYDOCK_TARGET"] = "docker-archive:baseline.tar";
        var distinct = new Dictionary<string, string>
        {
            ["DRYDOCK_TARGET"] = "oci:/images/distinct:7",
            ["DRYDOCK_SEVERITY"] = "LOW",
            ["DRYDOCK_EXIT_CODE"] = "42",
            ["DRYDOCK_FORMAT"] = "json",
        };

        // When / Then
        _arguments.AssertEachReachesOneOption(script, values => values, variables, distinct);
        var unfixed = new Dictionary<string, string>(variables) { ["DRYDOCK_IGNORE_UNFIXED"] = "false" };
        Assert.DoesNotContain("--ignore-unfixed", ScriptArguments.Parse(_arguments.Run(script, unfixed)).Keys);
        Assert.Contains("--ignore-unfixed", ScriptArguments.Parse(_arguments.Run(script, variables)).Keys);
    }
}

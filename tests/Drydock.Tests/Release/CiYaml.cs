using YamlDotNet.RepresentationModel;

namespace Drydock.Tests.Release;

/// <summary>Reads the repository's CI definitions (action.yml, ci/gitlab/*.yml) as YAML nodes.</summary>
internal static class CiYaml
{
    public static YamlMappingNode Load(string relativePath)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(SharedTestData.RepositoryRoot, relativePath))) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    public static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static Dictionary<string, string> Map(YamlNode node) =>
        ((YamlMappingNode)node).Children.ToDictionary(c => Scalar(c.Key), c => Scalar(c.Value));
}

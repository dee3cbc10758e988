using YamlDotNet.RepresentationModel;

namespace Drydock.Cli.Commands;

/// <summary>Feed URL overrides from <c>--feed NAME=URL</c> and <c>--feeds-config</c> (YAML, so JSON too).</summary>
internal static class FeedOverrides
{
    public static IEnumerable<(string Name, string Url)> Parse(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1) throw new UsageException($"--feed expects NAME=URL, got '{value}'");
            yield return (value[..eq], value[(eq + 1)..]);
        }
    }

    public static Dictionary<string, string> Load(string? path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null) return result;
        if (!File.Exists(path)) throw new UsageException($"feeds config {path} does not exist");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new UsageException($"feeds config {path}: {e.Message}", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new UsageException($"feeds config {path}: expected a mapping of feed name to URL");
        var map = root.Children.TryGetValue(new YamlScalarNode("feeds"), out var feeds) && feeds is YamlMappingNode inner ? inner : root;
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || value is not YamlScalarNode { Value: { } url })
                throw new UsageException($"feeds config {path}: every entry must be 'name: url'");
            result[name] = url;
        }
        return result;
    }
}

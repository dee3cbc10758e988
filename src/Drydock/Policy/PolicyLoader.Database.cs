using YamlDotNet.RepresentationModel;

namespace Drydock.Policy;

/// <summary>The <c>database:</c> section (<see cref="DatabasePolicy"/>).</summary>
public static partial class PolicyLoader
{
    private static DatabasePolicy DatabaseOf(string source, YamlNode node, string baseDir)
    {
        var database = new DatabasePolicy();
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            database = Scalar(source, k) switch
            {
                "repository" => database with { Repository = Pattern(source, v) },
                "maxAgeHours" => database with { MaxAgeHours = Int(source, v, 0, 24 * 3650) },
                "key" => database with { Key = Path.GetFullPath(Scalar(source, v), baseDir) },
                var other => throw Error(source, k, $"unknown database key '{other}' (expected repository, maxAgeHours, key)"),
            };
        }
        return database;
    }
}

using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Harbor's own OpenAPI file (../shared/testdata/harbor-scanner-spec/api/spec/scanner-adapter-openapi-v1.2.yaml), read
/// with YamlDotNet, and a checker for the subset of OpenAPI 3.0 schema its components use: <c>$ref</c>, <c>type</c>,
/// <c>required</c>, <c>properties</c>, <c>items</c>, <c>enum</c>, <c>nullable</c>, <c>oneOf</c>. Each response body
/// is checked against the schema the spec names for its operation, status and media type.
/// </summary>
internal sealed class HarborSpec
{
    private readonly YamlMappingNode _root;

    private HarborSpec(YamlMappingNode root) => _root = root;

    public static HarborSpec Load()
    {
        var path = SharedTestData.Path("harbor-scanner-spec/api/spec/scanner-adapter-openapi-v1.2.yaml");
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path)) yaml.Load(reader);
        return new HarborSpec((YamlMappingNode)yaml.Documents[0].RootNode);
    }

    /// <summary>The response schema of <paramref name="method"/> <paramref name="path"/> (as the spec writes it) for a status and media type; null = no body.</summary>
    public YamlMappingNode? ResponseSchema(string path, string method, int status, string? mediaType)
    {
        var operation = Map(Map(Map(_root, "paths"), path), method.ToLowerInvariant());
        var response = Map(Map(operation, "responses"), status.ToString(CultureInfo.InvariantCulture));
        if (mediaType is null) return null;
        var content = Map(response, "content");
        var entry = content.Children.FirstOrDefault(c => Same(((YamlScalarNode)c.Key).Value!, mediaType));
        if (entry.Value is null) throw new InvalidOperationException($"the spec has no {mediaType} for {method} {path} {status}");
        return Map((YamlMappingNode)entry.Value, "schema");
    }

    /// <summary>True when the spec lists <paramref name="status"/> for the operation (and so whether it may have no body).</summary>
    public bool HasBody(string path, string method, int status) =>
        Map(Map(Map(Map(_root, "paths"), path), method.ToLowerInvariant()), "responses").Children.TryGetValue(new YamlScalarNode(status.ToString(CultureInfo.InvariantCulture)), out var r)
        && ((YamlMappingNode)r).Children.ContainsKey(new YamlScalarNode("content"));

    /// <summary>Every violation of <paramref name="schema"/> by <paramref name="value"/>, as JSON-path messages (empty = valid).</summary>
    public List<string> Validate(YamlMappingNode schema, JsonElement value, string at = "$")
    {
        var errors = new List<string>();
        Check(schema, value, at, errors);
        return errors;
    }

    private void Check(YamlMappingNode schema, JsonElement value, string at, List<string> errors)
    {
        if (Scalar(schema, "$ref") is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            Check(Map(Map(Map(_root, "components"), "schemas"), name), value, at, errors);
            return;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (Scalar(schema, "nullable") != "true") errors.Add($"{at}: null is not allowed");
            return;
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("oneOf"), out var oneOf))
        {
            var matches = ((YamlSequenceNode)oneOf).Children.Count(s => Validate((YamlMappingNode)s, value, at).Count == 0);
            if (matches != 1) errors.Add($"{at}: matches {matches} of oneOf");
            return;
        }
        var type = Scalar(schema, "type") ?? (schema.Children.ContainsKey(new YamlScalarNode("properties")) ? "object" : null);
        var ok = type switch
        {
            null => true,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => throw new InvalidOperationException($"schema type {type} is not handled"),
        };
        if (!ok)
        {
            errors.Add($"{at}: expected {type}, got {value.ValueKind}");
            return;
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("enum"), out var values) && value.ValueKind == JsonValueKind.String &&
            !((YamlSequenceNode)values).Children.Any(v => ((YamlScalarNode)v).Value == value.GetString()))
            errors.Add($"{at}: '{value.GetString()}' is not one of the enum values");
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.Children.TryGetValue(new YamlScalarNode("required"), out var required))
                foreach (var name in ((YamlSequenceNode)required).Children.Select(n => ((YamlScalarNode)n).Value!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{at}: required property '{name}' is missing");
            if (schema.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
                foreach (var (key, sub) in ((YamlMappingNode)properties).Children)
                    if (value.TryGetProperty(((YamlScalarNode)key).Value!, out var child)) Check((YamlMappingNode)sub, child, $"{at}.{key}", errors);
        }
        if (value.ValueKind == JsonValueKind.Array && schema.Children.TryGetValue(new YamlScalarNode("items"), out var items))
        {
            var i = 0;
            foreach (var element in value.EnumerateArray()) Check((YamlMappingNode)items, element, $"{at}[{i++}]", errors);
        }
    }

    private static bool Same(string a, string b) => a.Replace(" ", "", StringComparison.Ordinal).Equals(b.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (YamlMappingNode)child : throw new InvalidOperationException($"the spec has no '{key}'");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode s ? s.Value : null;
}

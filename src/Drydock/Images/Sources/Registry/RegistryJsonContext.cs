using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.Registry;

/// <summary>Source-generated JSON for the registry client (AOT: no reflection-based serialisation).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(CredentialHelperOutput))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrorResponse))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(ManifestProbe))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;

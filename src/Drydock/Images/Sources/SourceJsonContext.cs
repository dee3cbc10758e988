using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Images.Sources.DockerArchive;
using Drydock.Images.Sources.OciLayout;

namespace Drydock.Images.Sources;

/// <summary>Source-generated (AOT-safe) JSON metadata for the documents an image source reads.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(OciLayoutFile))]
[JsonSerializable(typeof(List<DockerArchiveManifestEntry>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SourceJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Drydock.Images.Sources.OciLayout;

/// <summary>The <c>oci-layout</c> marker file (image-spec image-layout.md): <c>{"imageLayoutVersion": "1.0.0"}</c>.</summary>
internal sealed record OciLayoutFile
{
    [JsonPropertyName("imageLayoutVersion")] public string? ImageLayoutVersion { get; init; }
}

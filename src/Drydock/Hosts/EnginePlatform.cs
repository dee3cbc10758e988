using System.Text.Json.Nodes;
using Drydock.Images;

namespace Drydock.Hosts;

/// <summary>The platform of an engine's image inspect (<c>Os</c>, <c>Architecture</c>, <c>Variant</c>); the host's when absent.</summary>
internal static class EnginePlatform
{
    public static Platform Of(JsonObject? image) => Platform.Normalize(new Platform
    {
        Os = image?["Os"]?.GetValue<string>() ?? "linux",
        Architecture = image?["Architecture"]?.GetValue<string>() ?? Platform.Host.Architecture,
        Variant = image?["Variant"]?.GetValue<string>(),
    });
}

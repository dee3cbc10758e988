using System.Reflection;

namespace Drydock;

/// <summary>The tool's name and version as reports state them.</summary>
public static class ToolInfo
{
    public const string Name = "drydock";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

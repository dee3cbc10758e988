namespace Drydock.Scanning;

/// <summary>When a scan looks the image's tag and base up in their registries (<c>--freshness</c>).</summary>
public enum FreshnessMode
{
    /// <summary>Not looked up.</summary>
    Never,

    /// <summary>For <c>registry:</c> and <c>docker:</c> targets, whose reference names a registry tag.</summary>
    Auto,

    /// <summary>Also for archives and layouts that carry a reference.</summary>
    Always,
}

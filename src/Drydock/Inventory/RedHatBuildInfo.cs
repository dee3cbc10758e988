namespace Drydock.Inventory;

/// <summary>
/// What a Red Hat container image says about how a package got in (Red Hat's <c>/root/buildinfo/content_manifests/*.json</c>
/// content sets, or the NVR and architecture of the image's build from <c>/root/buildinfo/Dockerfile-*</c> labels). Red
/// Hat's security data is scoped by CPE, and these name the repositories (and so the CPEs) the package came from.
/// </summary>
public sealed record RedHatBuildInfo
{
    /// <summary>Repository ids (<c>rhel-8-for-x86_64-baseos-rpms</c>…), empty when the image has no content manifest.</summary>
    public IReadOnlyList<string> ContentSets { get; init; } = [];

    /// <summary>The image build's name-version-release (<c>ubi7-container-7.7-140</c>), when known.</summary>
    public string? Nvr { get; init; }

    /// <summary>The image build's architecture (<c>x86_64</c>), when known.</summary>
    public string? Arch { get; init; }
}

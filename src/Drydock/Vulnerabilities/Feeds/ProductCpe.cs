namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// One "this product key ships under this CPE" fact: <see cref="Kind"/> is <c>repository</c> (a content set, from Red
/// Hat's <c>repository-to-cpe.json</c>) or <c>nvr</c> (a container build's <c>name-version-release-arch</c>, from
/// <c>nvr-to-cpe.json</c>). The matcher turns an image's content sets into the CPEs its advisories are keyed by.
/// </summary>
public sealed record ProductCpe(string Kind, string Key, string Cpe)
{
    public const string Repository = "repository";
    public const string Nvr = "nvr";
}

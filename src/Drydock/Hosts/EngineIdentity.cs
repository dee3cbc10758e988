using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.Hosts;

/// <summary>
/// Who an engine is, from <c>GET /info</c>: its <c>ID</c>, <c>Name</c> (the machine's hostname) and <c>DockerRootDir</c>.
/// The ID alone is not enough: Docker 20.10 derives it from <c>/etc/docker/key.json</c>, which two engines of one
/// machine share, as do machines cloned from one image; podman's compatible service makes up a new one on every call.
/// <see cref="Key"/> therefore joins the ID (<c>podman</c> for podman) with a digest of the name and data root: two
/// engines with separate data are never one key, and the same engine keeps its key across restarts and upgrades.
/// </summary>
public sealed record EngineIdentity(string Id, string Name, string RootDir)
{
    /// <summary>A file-name-safe key: <c>&lt;ID&gt;-&lt;12 hex of sha256(name \n root)&gt;</c>.</summary>
    public string Key
    {
        get
        {
            var id = new string(Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-' ? c : '_').ToArray());
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name + "\n" + RootDir)))[..12];
            return (id.Length == 0 ? "noid" : id[..Math.Min(id.Length, 100)]) + "-" + hash;
        }
    }

    /// <summary>From the <c>/info</c> answer; <paramref name="podman"/> replaces the ID podman invents per call by <c>podman</c>.</summary>
    public static EngineIdentity FromInfo(JsonObject info, bool podman) => new(
        podman ? "podman" : info["ID"]?.GetValue<string>() ?? "",
        info["Name"]?.GetValue<string>() ?? "",
        info["DockerRootDir"]?.GetValue<string>() ?? "");

    public override string ToString() => $"{Id} ({Name}, {RootDir})";
}

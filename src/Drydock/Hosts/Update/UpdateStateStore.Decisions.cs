using System.Globalization;
using System.Text.Json.Nodes;

namespace Drydock.Hosts.Update;

/// <summary>
/// What was decided about a container's images, in the engine's folder: <c>rejected/NAME.json</c>, the images that failed
/// their health gate (a later update skips them and takes a newer one), and <c>pins/NAME.json</c>, the image a manual
/// <c>host rollback</c> put the container on and the tag it followed before (kept until <c>host update --unpin NAME</c>).
/// </summary>
public sealed partial class UpdateStateStore
{
    /// <summary>Records that an image failed <paramref name="containerName"/>'s health gate (the last 20 are kept).</summary>
    public void Reject(string containerName, RejectedImage rejected)
    {
        var list = Rejected(containerName).Where(r => r.ImageId != rejected.ImageId).Append(rejected).TakeLast(20);
        var array = new JsonArray();
        foreach (var r in list)
            array.Add((JsonNode)new JsonObject { ["imageId"] = r.ImageId, ["reason"] = r.Reason, ["at"] = r.At.ToString("O", CultureInfo.InvariantCulture) });
        Write(PathFor("rejected", containerName), array);
    }

    public IReadOnlyList<RejectedImage> Rejected(string containerName)
    {
        var path = PathFor("rejected", containerName);
        if (!File.Exists(path)) return [];
        return Read(path).AsArray().Select(n => new RejectedImage(n!["imageId"]!.GetValue<string>(), n["reason"]?.GetValue<string>() ?? "",
            DateTimeOffset.Parse(n["at"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();
    }

    public void SavePin(string containerName, ContainerPin pin) => Write(PathFor("pins", containerName), new JsonObject
    {
        ["imageId"] = pin.ImageId,
        ["reference"] = pin.Reference,
        ["since"] = pin.Since.ToString("O", CultureInfo.InvariantCulture),
        ["pinned"] = pin.Pinned,
    });

    public ContainerPin? Pin(string containerName)
    {
        var path = PathFor("pins", containerName);
        if (!File.Exists(path)) return null;
        var n = Read(path);
        return new ContainerPin(n["imageId"]!.GetValue<string>(), n["reference"]!.GetValue<string>(),
            DateTimeOffset.Parse(n["since"]!.GetValue<string>(), CultureInfo.InvariantCulture), n["pinned"]?.GetValue<bool>() ?? true);
    }

    public void DeletePin(string containerName)
    {
        var path = PathFor("pins", containerName);
        if (File.Exists(path)) File.Delete(path);
    }
}

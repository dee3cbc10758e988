using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Sources;

internal static class SourceTestKit
{
    public static Task<IImage> OpenAsync(string target, Platform? platform = null, string? temp = null) =>
        ImageSources.OpenAsync(target, new ImageOpenOptions { Platform = platform, TempDirectory = temp ?? Path.GetTempPath() },
            RemoteSourceFactories.Default, CancellationToken.None);

    /// <summary>Reads layer <paramref name="index"/> as stored, to its end (which is where verification happens).</summary>
    public static async Task<byte[]> ReadLayerAsync(IImage image, int index)
    {
        await using var stream = await image.OpenLayerAsync(index, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static Builders.TarBuilder Layer(string name, string content) => new Builders.TarBuilder().File(name, content);
}

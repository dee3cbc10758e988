using Drydock.Images;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>Asserts two reads of the same image agree on what <c>inspect</c> shows: id, config bytes, diff ids, history.</summary>
internal static class ImageAssert
{
    public static void Same(IImage expected, IImage actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.RawConfig.ToArray(), actual.RawConfig.ToArray());
        Assert.Equal(expected.Layers.Select(l => l.DiffId), actual.Layers.Select(l => l.DiffId));
        Assert.Equal(expected.Config.Config?.User, actual.Config.Config?.User);
        Assert.Equal(expected.Config.Config?.Env, actual.Config.Config?.Env);
        Assert.Equal(expected.Config.History?.Select(h => h.CreatedBy), actual.Config.History?.Select(h => h.CreatedBy));
    }

    /// <summary>Reads every layer to its end, so each stream verifies its digest; returns the total bytes read.</summary>
    public static async Task<long> ReadAllLayersAsync(IImage image)
    {
        long total = 0;
        var buffer = new byte[1 << 16];
        for (var i = 0; i < image.Layers.Count; i++)
        {
            await using var stream = await image.OpenLayerAsync(i, CancellationToken.None);
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
        }
        return total;
    }
}

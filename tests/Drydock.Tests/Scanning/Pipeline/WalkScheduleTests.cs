using Drydock.Images;
using Drydock.Scanning.Pipeline;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>Issue 17: layers start bottom → top, except a layer heavier than every other unstarted layer together.</summary>
public sealed class WalkScheduleTests
{
    [Fact]
    public void Next_HeavyTopLayer_StartedRightAfterTheBottomOne()
    {
        // Given: four light layers and a top layer that outweighs the three above the bottom one
        var schedule = new WalkSchedule(Layers(10, 10, 10, 10, 40));

        // When: started as LayerReader does (a jump allowed once the layers before it are under way)
        var order = StartAll(schedule);

        // Then
        Assert.Equal([0, 4, 1, 2, 3], order);
    }

    [Fact]
    public void Next_BalancedLayers_BottomToTop()
    {
        // Given: the bench image's shape, no layer outweighing the rest until only two are left
        var schedule = new WalkSchedule(Layers(68, 43, 63, 59, 37, 38, 45, 95, 48, 45, 62, 31));

        // When
        var order = StartAll(schedule);

        // Then: in order to the end (the last two are 62 then 31: the heavier is the earlier)
        Assert.Equal(Enumerable.Range(0, 12), order);
    }

    [Fact]
    public void Next_LighterLayerBeforeTheLast_HeavierOneStartsFirst()
    {
        // Given
        var schedule = new WalkSchedule(Layers(50, 10, 30));

        // When
        var order = StartAll(schedule);

        // Then: once layer 0 runs, layer 2 (30) outweighs layer 1 (10)
        Assert.Equal([0, 2, 1], order);
    }

    [Fact]
    public void Next_NoJumpAllowed_BottomToTop()
    {
        // Given
        var schedule = new WalkSchedule(Layers(1, 1, 100));

        // When
        var order = new List<int>();
        while (!schedule.Done)
        {
            var next = schedule.Next(mayJump: false);
            schedule.Started(next);
            order.Add(next.Index);
        }

        // Then
        Assert.Equal([0, 1, 2], order);
    }

    [Fact]
    public void Started_SameLayerTwice_Throws()
    {
        // Given
        var layers = Layers(1, 2);
        var schedule = new WalkSchedule(layers);
        schedule.Started(layers[1]);

        // When / Then
        Assert.Throws<InvalidOperationException>(() => schedule.Started(layers[1]));
        Assert.Equal(0, schedule.NextInOrder);
    }

    [Fact]
    public void FirstWalks_FromDescriptorsAlone_TheTwoWalksTheLayerStageStartsFirst()
    {
        // Given: the manifest's descriptors only (no config, no diff ids), a heavy top layer
        var descriptors = Layers(10, 10, 10, 10, 40).Select(l => l.Descriptor).ToList();

        // When / Then: the bottom layer, then the heavy one, as StartAll starts them; one walk on one core
        Assert.Equal([0, 4], LayerReader.FirstWalks(descriptors, walksInFlight: 2));
        Assert.Equal(StartAll(new WalkSchedule(Layers(10, 10, 10, 10, 40))).Take(2), LayerReader.FirstWalks(descriptors, walksInFlight: 2));
        Assert.Equal([0], LayerReader.FirstWalks(descriptors, walksInFlight: 1));
        Assert.Empty(LayerReader.FirstWalks([], walksInFlight: 2));
    }

    [Fact]
    public void FirstWalks_TwoZstdLayers_OnlyTheFirst()
    {
        // Given: two zstd layers (their walks never run at once) and a gzip one above
        Descriptor Layer(string mediaType, int i) => new() { MediaType = mediaType, Digest = $"sha256:{i:x64}", Size = 10 };
        var descriptors = new[] { Layer(MediaTypes.OciLayerZstd, 0), Layer(MediaTypes.OciLayerZstd, 1), Layer(MediaTypes.OciLayerGzip, 2) };

        // When / Then: the second zstd layer is not said to be read first (it waits for the first's walk to end)
        Assert.Equal([0], LayerReader.FirstWalks(descriptors, walksInFlight: 2));
    }

    [Fact]
    public void FirstWalks_UnknownMediaTypeAndNegativeSize_StillAnAnswer()
    {
        // Given: a hostile manifest's descriptors (the source refuses them later, where it always did)
        var descriptors = new[]
        {
            new Descriptor { MediaType = "application/x-nonsense", Digest = "not a digest", Size = -5 },
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = "sha256:", Size = long.MaxValue },
        };

        // When / Then
        Assert.Equal([0, 1], LayerReader.FirstWalks(descriptors, walksInFlight: 2));
    }

    // LayerReader's rule: a jump only while no layer started out of order is still unreached by the in-order ones.
    private static List<int> StartAll(WalkSchedule schedule)
    {
        var order = new List<int>();
        while (!schedule.Done)
        {
            var mayJump = order.Count > 0 && order.Max() < schedule.NextInOrder;
            var next = schedule.Next(mayJump);
            schedule.Started(next);
            order.Add(next.Index);
        }
        return order;
    }

    private static LayerInfo[] Layers(params long[] sizes) =>
        [.. sizes.Select((size, i) => new LayerInfo(i,
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = $"sha256:{i:x64}", Size = size },
            new Digest("sha256", $"{i + 100:x64}"), LayerCompression.Gzip))];
}

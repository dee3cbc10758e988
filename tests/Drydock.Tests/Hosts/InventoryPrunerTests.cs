using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Inventory;

namespace Drydock.Tests.Hosts;

/// <summary>
/// Stored inventories are bounded: by age and count through <see cref="InventoryPruner"/>, by count on every store;
/// nothing but record files directly in engine folders is ever removed, and nothing outside the store's directory.
/// </summary>
public sealed class InventoryPrunerTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly EngineIdentity Engine = new("ENGINE:1", "host-1", "/var/lib/docker");
    private readonly string _root = Directory.CreateTempSubdirectory("drydock-prune-").FullName;
    private readonly ManualTimeProvider _clock = new(Now);

    private string Store => Path.Combine(_root, "host-inventories");

    private string Record(string engineKey, string name, int daysAgo)
    {
        var path = Path.Combine(Store, engineKey, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        File.SetLastWriteTimeUtc(path, Now.UtcDateTime.AddDays(-daysAgo));
        return path;
    }

    [Fact]
    public void Prune_OlderThan_RemovesOnlyRecordsUnusedForLonger()
    {
        // Given
        var fresh = Record("engine-a", "sha256-" + new string('a', 64) + ".json", 5);
        var old = Record("engine-a", "sha256-" + new string('b', 64) + ".json", 40);
        var oldOther = Record("engine-b", "h-" + new string('c', 64) + ".json", 100);

        // When
        var result = new InventoryPruner(Store, _clock).Prune(TimeSpan.FromDays(30), null);

        // Then
        Assert.Equal(new InventoryPruner.Result(2, 4, 1, 2), result);
        Assert.True(File.Exists(fresh));
        Assert.False(File.Exists(old));
        Assert.False(File.Exists(oldOther));
        Assert.False(Directory.Exists(Path.GetDirectoryName(oldOther)));
    }

    [Fact]
    public void Prune_Keep_KeepsTheMostRecentlyUsedPerEngine()
    {
        // Given
        var newest = Record("engine-a", "sha256-" + new string('1', 64) + ".json", 1);
        var middle = Record("engine-a", "sha256-" + new string('2', 64) + ".json", 2);
        var oldest = Record("engine-a", "sha256-" + new string('3', 64) + ".json", 3);
        var alone = Record("engine-b", "sha256-" + new string('4', 64) + ".json", 9);

        // When
        var result = new InventoryPruner(Store, _clock).Prune(null, 2);

        // Then
        Assert.Equal(1, result.Removed);
        Assert.True(File.Exists(newest) && File.Exists(middle) && File.Exists(alone));
        Assert.False(File.Exists(oldest));
    }

    [Fact]
    public void Prune_LinksOtherFilesAndDeeperFolders_LeftAloneAndNothingOutsideTouched()
    {
        // Given: old things that are not records, and links that lead outside the store
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        var victim = Path.Combine(outside, "sha256-" + new string('d', 64) + ".json");
        File.WriteAllText(victim, "{}");
        File.SetLastWriteTimeUtc(victim, Now.UtcDateTime.AddDays(-400));
        Record("engine-a", "sha256-" + new string('e', 64) + ".json", 1);
        var link = Path.Combine(Store, "engine-a", "sha256-" + new string('f', 64) + ".json");
        File.CreateSymbolicLink(link, victim);
        Directory.CreateSymbolicLink(Path.Combine(Store, "engine-linked"), outside);
        var notRecord = Record("engine-a", "NOTES.json", 400);
        var text = Record("engine-a", "notes.txt", 400);
        var deeper = Record(Path.Combine("engine-a", "sub"), "sha256-" + new string('0', 64) + ".json", 400);

        // When
        var result = new InventoryPruner(Store, _clock).Prune(TimeSpan.Zero, 0);

        // Then
        Assert.Equal(1, result.Removed);
        Assert.True(File.Exists(victim));
        Assert.True(File.Exists(link));
        Assert.True(File.Exists(notRecord) && File.Exists(text) && File.Exists(deeper));
    }

    [Fact]
    public void Prune_StoreDirectoryIsALink_Refused()
    {
        // Given
        var real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        var record = Path.Combine(real, "engine-a", "sha256-" + new string('a', 64) + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        File.WriteAllText(record, "{}");
        Directory.CreateSymbolicLink(Store, real);

        // When
        var error = Assert.Throws<DrydockException>(() => new InventoryPruner(Store, _clock).Prune(TimeSpan.Zero, null));

        // Then
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(record));
    }

    [Fact]
    public async Task SaveAsync_OverTheBound_LeastRecentlyUsedRemovedAndLoadMarksUsed()
    {
        // Given: three images stored a day apart, the first read again after the second was stored
        var store = new StoredInventories(Store, _clock) { MaxPerEngine = 2 };
        var inventory = new ImageInventory { Os = new OsInfo { Family = "debian", Version = "12" } };
        string Id(char c) => "sha256:" + new string(c, 64);
        await store.SaveAsync(Engine, Id('a'), inventory, default);
        _clock.Advance(TimeSpan.FromDays(1));
        await store.SaveAsync(Engine, Id('b'), inventory, default);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.NotNull(store.Load(Engine, Id('a')));
        _clock.Advance(TimeSpan.FromDays(1));

        // When
        await store.SaveAsync(Engine, Id('c'), inventory, default);

        // Then
        Assert.NotNull(store.Load(Engine, Id('a')));
        Assert.Null(store.Load(Engine, Id('b')));
        Assert.NotNull(store.Load(Engine, Id('c')));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

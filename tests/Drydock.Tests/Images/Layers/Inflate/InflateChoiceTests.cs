using Drydock.Images.Layers.Inflate;

namespace Drydock.Tests.Images.Layers.Inflate;

public sealed class InflateChoiceTests
{
    [Fact]
    public void Resolve_SettingManaged_ManagedEvenWhenIsalLoads()
    {
        // Given
        var candidates = IsalLibrary.Candidates(AppContext.BaseDirectory);

        // When
        var choice = InflateChoice.Resolve(" Managed ", candidates);

        // Then
        Assert.Null(choice.Isal);
        Assert.Equal("managed zlib (System.IO.Compression; DRYDOCK_INFLATE=managed)", choice.Description);
    }

    [Fact]
    public void Resolve_LibraryAbsent_FallsBackToManaged()
    {
        // Given: only a path that does not exist
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "libisal.so.2");

        // When
        var choice = InflateChoice.Resolve(null, [missing]);

        // Then
        Assert.Null(choice.Isal);
        Assert.Equal("managed zlib (System.IO.Compression; libisal (ISA-L) not found)", choice.Description);
    }

    [Fact]
    public void Resolve_LibraryWithoutTheExports_FallsBackToManaged()
    {
        // Given: a library every Linux system has, which is not ISA-L
        string[] candidates = ["libc.so.6"];

        // When
        var choice = InflateChoice.Resolve(null, candidates);

        // Then
        Assert.Null(choice.Isal);
        Assert.Equal("managed zlib (System.IO.Compression; libc.so.6 lacks the isal_inflate exports)", choice.Description);
    }

    [IsalFact]
    public void Resolve_IsalOnTheSystem_UsesIt()
    {
        // Given
        var candidates = IsalLibrary.Candidates(AppContext.BaseDirectory);

        // When
        var choice = InflateChoice.Resolve(null, candidates);

        // Then
        Assert.NotNull(choice.Isal);
        Assert.StartsWith("isa-l (", choice.Description, StringComparison.Ordinal);
        Assert.Contains("libisal", choice.Description, StringComparison.Ordinal);
    }
}

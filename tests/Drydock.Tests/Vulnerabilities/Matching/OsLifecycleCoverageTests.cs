using System.Reflection;
using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Tests.Vulnerabilities.Matching;

/// <summary>Every OS family Drydock detects has an end-of-life answer offline: built-in dates, or a declared rolling family.</summary>
public sealed class OsLifecycleCoverageTests
{
    // Families with neither a verified public lifecycle table nor a rolling release model: only the feed can answer.
    private static readonly string[] WithoutPublishedDates = [OsFamilies.SleMicro];

    public static TheoryData<string> Families()
    {
        var data = new TheoryData<string>();
        foreach (var f in typeof(OsFamilies).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            data.Add((string)f.GetRawConstantValue()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void LifecycleFamilies_EveryDetectedFamily_HasARow(string family)
    {
        // When
        var row = LifecycleFamilies.Find(family);

        // Then
        Assert.NotNull(row);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void BuiltInTable_EveryNonRollingFamily_HasDates(string family)
    {
        // Given
        var row = LifecycleFamilies.Find(family)!;
        if (row.Rolling || WithoutPublishedDates.Contains(family)) return;

        // When
        var dated = OsLifecycle.BuiltIn.Keys.Count(k => k.StartsWith(family + ":", StringComparison.Ordinal));

        // Then
        Assert.True(dated > 0, $"the built-in end-of-life table has no release of {family}");
    }

    [Theory]
    [InlineData("amazon", "2", "amazon:2")]
    [InlineData("amazon", "2023", "amazon:2023")]
    [InlineData("amazon", "2018.03", "amazon:2018")]
    [InlineData("fedora", "41", "fedora:41")]
    [InlineData("sles", "15.6", "sles:15.6")]
    [InlineData("alpine", "3.23.2", "alpine:3.23")]
    [InlineData("azurelinux", "3.0", "azurelinux:3")]
    [InlineData("wolfi", "20230201", null)]
    public void Key_Release_AsTheTableAndFeedKeyIt(string family, string version, string? expected)
    {
        // When / Then
        Assert.Equal(expected, LifecycleFamilies.Key(new OsInfo { Family = family, Version = version }));
    }

    [Fact]
    public void BuiltInTable_EveryKey_IsWhatKeyComputes()
    {
        // Given: the table's own keys, read back as a release of their family
        foreach (var key in OsLifecycle.BuiltIn.Keys)
        {
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            var os = new OsInfo { Family = key[..colon], Version = key[(colon + 1)..] };

            // Then
            Assert.Equal(key, LifecycleFamilies.Key(os));
        }
    }
}

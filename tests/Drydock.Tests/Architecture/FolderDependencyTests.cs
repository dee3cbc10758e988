using System.Reflection;
using Drydock.Scanning;
using NetArchTest.Rules;

namespace Drydock.Tests.Architecture;

public sealed class FolderDependencyTests
{
    private static readonly Assembly Library = typeof(ImageScanner).Assembly;

    [Fact]
    public void Allowed_Table_HasNoLoop()
    {
        Assert.Null(FolderRules.FindLoop(FolderRules.Allowed));
    }

    [Fact]
    public void Allowed_Table_CoversEveryTopLevelFolder()
    {
        // Given: the top-level namespaces under Drydock that hold types
        var folders = Library.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("Drydock.", StringComparison.Ordinal))
            .Select(ns => ns["Drydock.".Length..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // Then: each has a row, so a new folder must state its dependencies
        Assert.Equal(FolderRules.Allowed.Keys.Order(StringComparer.Ordinal), folders);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_UsesOnlyAllowedFolders(string folder)
    {
        // When
        var forbidden = FolderRules.Forbidden(FolderRules.Allowed, folder);
        var violations = Violations(folder, forbidden);

        // Then
        Assert.True(violations.Count == 0, $"{folder} uses a folder it may not ({string.Join(", ", forbidden)}): {string.Join(", ", violations)}");
    }

    public static TheoryData<string> Folders() => new(FolderRules.Allowed.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Violations_ForbiddenDependencyThatExists_IsReported()
    {
        // Given: Controls really uses Model (every control has a Severity) and Vulnerabilities
        // When: a table that forbade them were checked
        var violations = Violations("Controls", ["Model", "Vulnerabilities"]);

        // Then: the check sees the dependency, so a new arrow against the table fails the build's tests
        Assert.Contains("Drydock.Controls.ControlResult", violations);
    }

    private static List<string> Violations(string folder, IEnumerable<string> forbidden)
    {
        var result = Types.InAssembly(Library)
            .That().ResideInNamespace("Drydock." + folder)
            .ShouldNot().HaveDependencyOnAny(forbidden.Select(f => "Drydock." + f).ToArray())
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames];
    }

    [Fact]
    public void FindLoop_LoopyGraph_NamesTheLoop()
    {
        // Given: Controls ↔ Freshness, the loop issue 12 removed
        var loopy = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Images"] = [],
            ["Freshness"] = ["Images", "Controls"],
            ["Controls"] = ["Images", "Freshness"],
        };

        // Then
        Assert.Equal("Controls → Freshness → Controls", FolderRules.FindLoop(loopy));
    }

    [Fact]
    public void Forbidden_ListsEveryFolderNotAllowed()
    {
        Assert.Equal(["Bases", "Controls", "Freshness", "Hosts", "Inventory", "Reports", "Scanning", "Vulnerabilities"],
            FolderRules.Forbidden(FolderRules.Allowed, "Policy"));
        Assert.Equal(["Reports"], FolderRules.Forbidden(FolderRules.Allowed, "Hosts"));
        Assert.Empty(FolderRules.Forbidden(FolderRules.Allowed, "Reports"));
    }
}

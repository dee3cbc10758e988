using Drydock.Vulnerabilities.Database;

namespace Drydock.Tests.Vulnerabilities.Database;

public sealed class DatabaseLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_DrydockCacheDir_DatabaseUnderIt()
    {
        // Given
        var env = Env(("DRYDOCK_CACHE_DIR", "/srv/drydock-cache"), ("XDG_CACHE_HOME", "/home/u/.cache"));

        // When
        var path = DatabaseLocation.Resolve(null, env);

        // Then
        Assert.Equal("/srv/drydock-cache/vuln.db", path);
    }

    [Fact]
    public void Resolve_OnlyXdgCacheHome_DatabaseInItsDrydockFolder()
    {
        // When
        var path = DatabaseLocation.Resolve(null, Env(("XDG_CACHE_HOME", "/home/u/.cache")));

        // Then
        Assert.Equal("/home/u/.cache/drydock/vuln.db", path);
    }

    [Fact]
    public void Resolve_DrydockDbAndOption_OptionThenVariableWin()
    {
        // Given
        var env = Env(("DRYDOCK_CACHE_DIR", "/srv/cache"), ("DRYDOCK_DB", "/data/team.db"));

        // When / Then
        Assert.Equal("/data/team.db", DatabaseLocation.Resolve(null, env));
        Assert.Equal("/tmp/x.db", DatabaseLocation.Resolve("/tmp/x.db", env));
    }

    [Fact]
    public void Resolve_SameRootAsTheLayerCache()
    {
        // Given
        var env = Env(("DRYDOCK_CACHE_DIR", "/srv/drydock-cache"));

        // When / Then
        Assert.Equal(Path.Combine(CacheDirectory.RootFrom(env), "vuln.db"), DatabaseLocation.Resolve(null, env));
    }
}

using Drydock.Controls;
using Drydock.Policy;

namespace Drydock.Tests.Controls;

public sealed class DatabasePolicyTests
{
    [Fact]
    public void Parse_DatabaseSection_RepositoryAgeAndKeyBesideThePolicy()
    {
        // Given
        const string yaml = "version: 1\ndatabase:\n  repository: registry.example:5000/team/drydock-db\n  maxAgeHours: 6\n  key: keys/db.pub\n";

        // When
        var policy = PolicyLoader.Parse(new StringReader(yaml), "/etc/drydock/drydock.yaml", ControlCatalog.Ids);

        // Then
        Assert.Equal(new DatabasePolicy { Repository = "registry.example:5000/team/drydock-db", MaxAgeHours = 6, Key = "/etc/drydock/keys/db.pub" }, policy.Database);
    }

    [Fact]
    public void Parse_UnknownDatabaseKey_UsageErrorNamingTheLine()
    {
        // Given
        const string yaml = "database:\n  repo: x\n";

        // When
        var e = Assert.Throws<UsageException>(() => PolicyLoader.Parse(new StringReader(yaml), "drydock.yaml", ControlCatalog.Ids));

        // Then
        Assert.Equal("drydock.yaml:2: unknown database key 'repo' (expected repository, maxAgeHours, key)", e.Message);
    }
}

using System.Globalization;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// What the server tests share: one real PostgreSQL (each test makes its own database in it), the test image pushed
/// as <c>drydock/app:1</c> into a plain and a Basic-auth docker-registry, and a vulnerability database with one
/// advisory that the image's dpkg is affected by. Everything is stopped and removed in <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["docker-registry", "htpasswd", .. TestImages.Tools];
    public const string Repository = "drydock/app";
    public const string Tag = "1";
    public const string VulnerabilityId = "CVE-2099-0001";
    public static readonly DateTimeOffset DatabaseBuilt = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    internal PostgresServer? Postgres { get; private set; }
    internal RegistryServer? Plain { get; private set; }
    internal RegistryServer? Basic { get; private set; }
    public string Directory { get; } = TestRoot.NewRunDirectory("server-tests");
    public string DatabasePath => Path.Combine(Directory, "vuln.db");
    private int _databases;

    /// <summary>Why the server tests cannot run here, or null.</summary>
    public static string? Missing() => TestRoot.MissingTools(Tools) ?? PostgresServer.Missing();

    public async Task InitializeAsync()
    {
        if (Missing() is not null) return;
        Postgres = await PostgresServer.StartAsync();
        await TestImages.EnsureBuiltAsync();
        Plain = await RegistryServer.StartAsync(RegistryMode.Plain);
        Basic = await RegistryServer.StartAsync(RegistryMode.Basic);
        foreach (var r in new[] { Plain, Basic }) await r.PushAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}", Repository, Tag);
        WriteDatabase(DatabasePath);
    }

    /// <summary>A vulnerability database whose one advisory affects every dpkg before 99 on Debian 12 (the test image's).</summary>
    private static void WriteDatabase(string path)
    {
        using var writer = DatabaseWriter.Create(path);
        var affected = new AffectedPackage
        {
            Namespace = "debian:12", Package = "dpkg", VulnerabilityId = VulnerabilityId, VersionScheme = "deb", Fixed = "99.0",
            Severity = Severity.High, DataSource = "debian-tracker",
        };
        writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = VulnerabilityId, Description = "a test advisory", References = ["https://security-tracker.debian.org/tracker/" + VulnerabilityId] }, [affected]));
        writer.SetFeed(new FeedState("debian-tracker", "https://example.test/tracker", DatabaseBuilt.AddHours(-1), null, null, 1));
        writer.Commit(DatabaseBuilt);
    }

    /// <summary>A fresh, empty database in the shared PostgreSQL, for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var conn = new NpgsqlConnection(Postgres!.ConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
        return Postgres.ConnectionString(name);
    }

    /// <summary>A folder for one server process (its layer cache and temp files).</summary>
    public string NewProcessDirectory(string name)
    {
        var dir = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    public Task DisposeAsync()
    {
        Plain?.Dispose();
        Basic?.Dispose();
        Postgres?.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "drydock server";
}

/// <summary>A fact that needs PostgreSQL and the registry tools: skipped with the reason when they are missing.</summary>
public sealed class ServerFactAttribute : FactAttribute
{
    public ServerFactAttribute()
    {
        if (ServerFixture.Missing() is { } reason) Skip = reason;
    }

    /// <summary>True when the test also reads ../shared/testdata: skipped with the reason when it is not beside the clone.</summary>
    public bool SharedData
    {
        get => field;
        set
        {
            field = value;
            if (value && Skip is null && !SharedTestData.Available) Skip = "needs ../shared/testdata (peer conformance data), which is not beside this clone";
        }
    }
}

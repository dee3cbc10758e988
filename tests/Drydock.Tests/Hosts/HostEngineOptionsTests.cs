using Drydock.Hosts;
using Drydock.Tests.Cli;

namespace Drydock.Tests.Hosts;

/// <summary>The host verbs' engine options refuse what they cannot honour with one line (no engine here exists).</summary>
public sealed class HostEngineOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-host-options-").FullName;

    [Fact]
    public async Task Audit_HostAndContextTogether_ConflictExitTwo()
    {
        // Given / When
        var (code, stdout, stderr) = await CliRun.RunAsync("host", "audit", "--host", "unix:///nonexistent/a.sock", "--context", "prod", "--state-dir", _dir);

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("give --host or --context, not both", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_SshUrlWithPath_UsageErrorExitTwo()
    {
        // Given / When
        var (code, _, stderr) = await CliRun.RunAsync("host", "audit", "--host", "ssh://ops@web-3/var/run/docker.sock", "--state-dir", _dir);

        // Then
        Assert.Equal(2, code);
        Assert.Contains("ssh://ops@web-3/var/run/docker.sock", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_DbRepositoryUnreachableAndNoDatabase_SaysThePullFailedExitThree()
    {
        // Given: no local database, a repository nobody serves
        var db = Path.Combine(_dir, "vuln.db");

        // When
        var (code, _, stderr) = await CliRun.RunAsync("host", "audit", "--host", "unix:///nonexistent/a.sock", "--db", db,
            "--db-repository", "127.0.0.1:1/team/drydock-db", "--insecure-registry", "127.0.0.1:1", "--state-dir", _dir);

        // Then
        Assert.Equal(3, code);
        Assert.Contains($"no vulnerability database at {db}, and the pull failed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_SeveralEnginesOneUnreachable_RefusedNamingItExitThree()
    {
        // Given / When
        var (code, _, stderr) = await CliRun.RunAsync("host", "rollback", "web", "--host", "unix:///nonexistent/a.sock", "--host", "unix:///nonexistent/b.sock", "--state-dir", _dir);

        // Then
        Assert.Equal(3, code);
        Assert.Contains("cannot tell which engine 'web' belongs to: unix:///nonexistent/a.sock", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HostsFile_SshLines_AcceptedAndMalformedRefused()
    {
        // Given / When
        var entries = HostsFile.Parse("ssh://ops@web-3:2222\n- host: ssh://web-4\n", "hosts.txt");

        // Then
        Assert.Equal(["ssh://ops@web-3:2222", "ssh://web-4"], entries.Select(e => e.Host));
        Assert.Throws<UsageException>(() => HostsFile.Parse("ssh://ops:pw@web-3\n", "hosts.txt"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

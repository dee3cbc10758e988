using System.Diagnostics;
using System.Globalization;
using Drydock.IntegrationTests.Controls;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// podman's Docker-compatible service (Debian podman 4.3, API 1.41) started as ../shared/env/30-podman-service.sh does:
/// rootful, vfs storage, runc (crun cannot run with the hybrid cgroup layout here), ulimits capped at what this sandbox
/// allows (no CAP_SYS_RESOURCE), file events, everything in its own run folder; plus a plain docker-registry on 127.0.0.1
/// that podman's registries.conf marks insecure. Dispose removes the containers (podman leaves them running under conmon
/// when only the service stops), stops the service by PID and ends conmon processes of this folder by PID.
/// Does nothing when podman/runc or the image tools are missing or the user is not root (the tests then skip).
/// </summary>
public sealed class PodmanServiceFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["podman", "runc", "conmon", "docker", "docker-registry", .. TestImages.Tools];
    private Process? _service;

    public string Directory { get; } = TestRoot.NewRunDirectory("podman");

    /// <summary>podman refuses a runroot longer than 50 characters, so it lives in a short folder of its own.</summary>
    private string RunRoot { get; } = System.IO.Directory.CreateTempSubdirectory("drydock-pm-").FullName;

    public string Socket => Path.Combine(Directory, "podman.sock");

    public string Host => "unix://" + Socket;

    internal RegistryServer? Registry { get; private set; }

    internal RegistryPush Push => new(Registry!.Host);

    /// <summary>A folder for a test's own files (state dirs), removed with the fixture.</summary>
    internal string NewDirectory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "tests", name)).FullName;

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        Registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        var (nofile, nproc) = HardLimits();
        await File.WriteAllTextAsync(Path.Combine(Directory, "containers.conf"), $"""
            [containers]
            netns = "host"
            cgroupns = "host"
            log_driver = "k8s-file"
            default_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]
            [engine]
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "{Directory}/events.log"
            runtime = "runc"
            tmp_dir = "{Directory}/tmp"
            [network]
            network_config_dir = "{Directory}/networks"
            """);
        await File.WriteAllTextAsync(Path.Combine(Directory, "registries.conf"),
            $"unqualified-search-registries = []\n[[registry]]\nlocation = \"{Registry.Host}\"\ninsecure = true\n");
        var log = Path.Combine(Directory, "service.log");
        _service = ExternalProcess.StartServer(TestRoot.FindProgram("podman")!,
            [.. StorageArguments(), "system", "service", "--time=0", Host], log, ServiceEnvironment());
        await ExternalProcess.WaitUntilAsync(_service, async () =>
        {
            if (!File.Exists(Socket)) return false;
            try
            {
                await DockerAsync("version", "--format", "{{.Server.APIVersion}}");
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "podman system service", log);
    }

    /// <summary>The docker CLI against this podman service (as a user of the compatible API would).</summary>
    internal Task<string> DockerAsync(params string[] args) =>
        ExternalProcess.RunAsync("docker", ["-H", Host, .. args], TimeSpan.FromMinutes(2));

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            try
            {
                var ids = (await DockerAsync("ps", "-aq")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (ids.Length > 0) await DockerAsync(["rm", "-f", .. ids]);
            }
            catch (InvalidOperationException)
            {
                // the service died; conmon processes are ended below
            }
            ExternalProcess.Stop(_service, TimeSpan.FromSeconds(20));
            EndConmons();
        }
        Registry?.Dispose();
        // conmon starts 'podman container cleanup' when a container ends; it can still write here for a moment.
        for (var attempt = 0; attempt < 10 && (System.IO.Directory.Exists(Directory) || System.IO.Directory.Exists(RunRoot)); attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(RunRoot)) System.IO.Directory.Delete(RunRoot, recursive: true);
                if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // busy: try again
            }
            await Task.Delay(300);
        }
    }

    private string[] StorageArguments() =>
        ["--root", Path.Combine(Directory, "root"), "--runroot", RunRoot, "--storage-driver", "vfs"];

    private Dictionary<string, string> ServiceEnvironment() => new()
    {
        ["CONTAINERS_CONF"] = Path.Combine(Directory, "containers.conf"),
        ["CONTAINERS_REGISTRIES_CONF"] = Path.Combine(Directory, "registries.conf"),
    };

    /// <summary>conmon processes (healthcheck exec sessions linger for minutes) whose command line names this folder, by PID.</summary>
    private void EndConmons()
    {
        foreach (var dir in System.IO.Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.Contains("conmon", StringComparison.Ordinal) ||
                    !(cmdline.Contains(Directory, StringComparison.Ordinal) || cmdline.Contains(RunRoot, StringComparison.Ordinal))) continue;
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // gone meanwhile
            }
        }
    }

    /// <summary>
    /// podman asks runc for nofile 1048576 and its own nproc, which fails without CAP_SYS_RESOURCE; the hard limits of this
    /// process (nproc at most 32768, podman's own) always work.
    /// </summary>
    private static (long NoFile, long NProc) HardLimits()
    {
        long Hard(string name, long fallback)
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            var fields = line?[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 2 } && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }
        return (Hard("Max open files", 1024), Math.Min(Hard("Max processes", 32768), 32768));
    }
}

[CollectionDefinition(Name)]
public sealed class PodmanServiceCollection : ICollectionFixture<PodmanServiceFixture>
{
    public const string Name = "podman service";
}

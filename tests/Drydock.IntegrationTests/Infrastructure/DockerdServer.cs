using System.Diagnostics;
using Drydock.Images.Sources.Engine;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A real dockerd (Debian docker.io) started as ../shared/env/35-dockerd.sh does: no iptables, no bridge, vfs storage,
/// its own data and exec roots and unix socket in a run folder. Dispose stops it by PID (SIGTERM), unmounts what it
/// left mounted under its folder and removes the folder.
/// </summary>
internal sealed class DockerdServer : IDisposable
{
    private readonly Process _process;

    private DockerdServer(string directory, Process process)
    {
        Directory = directory;
        _process = process;
    }

    public string Directory { get; }

    public string Socket => Path.Combine(Directory, "docker.sock");

    public string Host => "unix://" + Socket;

    public EngineConnection Connect() => new(EngineEndpoint.Parse(Host));

    /// <param name="extraArguments">More dockerd arguments (a second listener: <c>--host tcp://… --tlsverify …</c>).</param>
    public static async Task<DockerdServer> StartAsync(IEnumerable<string>? extraArguments = null)
    {
        var dir = TestRoot.NewRunDirectory("dockerd");
        var log = Path.Combine(dir, "dockerd.log");
        var process = ExternalProcess.StartServer(TestRoot.FindProgram("dockerd")!,
        [
            "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none",
            "--storage-driver=vfs", "--data-root", Path.Combine(dir, "data"), "--exec-root", Path.Combine(dir, "exec"),
            "--pidfile", Path.Combine(dir, "dockerd.pid"), "--host", "unix://" + Path.Combine(dir, "docker.sock"),
            "--userland-proxy=false", "--default-ulimit", "nofile=20000:20000", .. extraArguments ?? [],
        ], log);
        var server = new DockerdServer(dir, process);
        try
        {
            await ExternalProcess.WaitUntilAsync(process, async () =>
            {
                if (!File.Exists(server.Socket)) return false;
                using var engine = server.Connect();
                try
                {
                    await engine.GetApiVersionAsync(CancellationToken.None);
                    return true;
                }
                catch (DrydockException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "dockerd", log);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary><c>docker load</c> of a docker-archive through this engine (the docker CLI, as a user would).</summary>
    public Task LoadAsync(string archive) =>
        ExternalProcess.RunAsync("docker", ["-H", Host, "load", "-q", "-i", archive], TimeSpan.FromMinutes(5));

    public void Dispose()
    {
        ExternalProcess.Stop(_process, TimeSpan.FromSeconds(20));
        // dockerd leaves its netns bind mount (and, if killed, more) behind; unmount deepest first.
        var prefix = Directory + "/";
        var mounts = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1])
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mount in mounts)
        {
            using var umount = Process.Start("umount", ["-l", mount]);
            umount.WaitForExit();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // leftovers stay under the test root
        }
    }
}

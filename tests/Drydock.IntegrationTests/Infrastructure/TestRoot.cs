using System.Net;
using System.Net.Sockets;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Where integration tests keep state: <c>$DRYDOCK_TEST_ROOT</c>, default <c>/tmp/drydock-it</c>. Built images are cached
/// there between runs; servers get a fresh folder per run under <c>runs/</c>.
/// </summary>
internal static class TestRoot
{
    public static string Directory { get; } = Create();

    public static string Sub(params string[] parts)
    {
        var path = Path.Combine([Directory, .. parts]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A fresh folder for one server of this run, removed by the server's Dispose.</summary>
    public static string NewRunDirectory(string name) =>
        Sub("runs", $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..(name.Length + 20)]);

    /// <summary>A port that was free on 127.0.0.1 a moment ago (the OS picks it; only loopback is ever used).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Null when every program is on PATH (or is an existing absolute path); else why the test is skipped.</summary>
    public static string? MissingTools(params string[] programs)
    {
        var missing = programs.Where(p => FindProgram(p) is null).ToList();
        return missing.Count == 0 ? null : $"needs {string.Join(", ", missing)} (scripts/install-deps.sh installs them)";
    }

    public static string? FindProgram(string name)
    {
        if (Path.IsPathRooted(name)) return File.Exists(name) ? name : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Create()
    {
        var env = Environment.GetEnvironmentVariable("DRYDOCK_TEST_ROOT");
        var root = string.IsNullOrEmpty(env) ? "/tmp/drydock-it" : env;
        System.IO.Directory.CreateDirectory(root);
        return root;
    }
}

using Drydock.Controls;
using Drydock.Policy;
using Drydock.Images;
using Drydock.Inventory;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Controls;

/// <summary>Builds a <see cref="ControlContext"/> for one image: config, history, files and packages set by the test.</summary>
internal sealed class ControlTestImage
{
    private readonly List<HistoryEntry> _history = [];
    private readonly List<string> _env = [];
    private readonly Dictionary<string, string> _labels = [];
    private readonly List<Package> _packages = [];

    public MemoryFileSystem Files { get; } = new();

    public string? User { get; set; }

    public HealthConfig? Healthcheck { get; set; }

    public string ConfigMediaType { get; set; } = MediaTypes.DockerConfig;

    public DrydockPolicy Policy { get; set; } = DrydockPolicy.Default;

    /// <summary>Adds a history step; non-empty steps make the next layer.</summary>
    public ControlTestImage Step(string createdBy, bool emptyLayer = false)
    {
        _history.Add(new HistoryEntry { CreatedBy = createdBy, EmptyLayer = emptyLayer });
        return this;
    }

    public ControlTestImage Env(string nameValue)
    {
        _env.Add(nameValue);
        return this;
    }

    public ControlTestImage Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public ControlTestImage Package(string name, string version, int layer = 0)
    {
        _packages.Add(new Package { Type = PackageType.Deb, Name = name, Version = version, Purl = $"pkg:deb/debian/{name}@{version}", FoundIn = "var/lib/dpkg/status", LayerIndex = layer });
        return this;
    }

    public ControlContext Build(IControl control)
    {
        var layers = _history.Count(h => !h.EmptyLayer);
        var config = new ImageConfig
        {
            Os = "linux",
            Architecture = "amd64",
            Config = new ContainerConfig { User = User, Env = _env, Labels = _labels, Healthcheck = Healthcheck },
            RootFs = new RootFs { Type = "layers", DiffIds = Enumerable.Range(0, layers).Select(i => $"sha256:{i:x64}").ToList() },
            History = _history,
        };
        return new ControlContext
        {
            Config = config,
            ConfigMediaType = ConfigMediaType,
            FileSystem = Files.KeepingOnly(control),
            Inventory = new ImageInventory { Os = OsInfo.Unknown, Packages = _packages },
            Policy = Policy,
        };
    }

    public ControlResult Evaluate(IControl control) => control.Evaluate(Build(control));
}

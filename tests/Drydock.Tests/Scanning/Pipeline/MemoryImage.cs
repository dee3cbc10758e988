using System.Text;
using Drydock.Images;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// An image held in memory for pipeline tests: uncompressed tar layers, a config the test shapes, and the reference and
/// manifest digest a registry source would give. Counts layer opens, so a test sees which layers were read.
/// </summary>
internal sealed class MemoryImage : IImage
{
    private readonly List<byte[]> _tars = [];

    public string Source { get; init; } = "memory:test";
    public ImageReference? Reference { get; init; }
    public Digest? ManifestDigest { get; init; }
    public ImageManifest Manifest => new() { SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Id.ToString(), Size = RawConfig.Length } };
    public ImageConfig Config { get; init; } = new() { Os = "linux", Architecture = "amd64" };
    public ReadOnlyMemory<byte> RawConfig => Encoding.UTF8.GetBytes($"{Source}|{Config.Platform}|{Config.Config?.User}");
    public Digest Id => Digest.Sha256(RawConfig.Span);
    public IReadOnlyList<LayerInfo> Layers => [.. _tars.Select((tar, i) => new LayerInfo(i, new Descriptor { MediaType = MediaTypes.OciLayer, Digest = Digest.Sha256(tar).ToString(), Size = tar.Length }, Digest.Sha256(tar), LayerCompression.None))];

    public int LayerOpens { get; private set; }

    public MemoryImage Layer(TarBuilder tar)
    {
        _tars.Add(tar.Build());
        return this;
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        LayerOpens++;
        return Task.FromResult<Stream>(new MemoryStream(_tars[index], writable: false));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

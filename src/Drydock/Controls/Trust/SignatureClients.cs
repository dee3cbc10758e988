using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// The registry clients one signature step needs: the image's registry and, when the signature repository is on
/// another, that one. A client handed in is borrowed (not disposed); the others are made from the options and disposed.
/// </summary>
internal sealed class SignatureClients(RegistryClientOptions? options, RegistryClient? borrowed = null) : IDisposable
{
    private readonly Dictionary<string, RegistryClient> _owned = new(StringComparer.OrdinalIgnoreCase);

    public RegistryClient For(string registry)
    {
        if (borrowed is not null && string.Equals(borrowed.Registry, registry, StringComparison.OrdinalIgnoreCase)) return borrowed;
        if (_owned.TryGetValue(registry, out var client)) return client;
        if (options is null) throw new DrydockException($"registry {registry}: no client options to reach it for signatures");
        return _owned[registry] = new RegistryClient(registry, options);
    }

    public void Dispose()
    {
        foreach (var client in _owned.Values) client.Dispose();
    }
}

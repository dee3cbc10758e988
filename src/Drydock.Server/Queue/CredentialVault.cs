using System.Collections.Concurrent;
using Drydock.Images.Sources.Registry;

namespace Drydock.Server.Queue;

/// <summary>
/// Registry credentials that came with a Harbor scan request, held in this process's memory until that scan ends:
/// never written to PostgreSQL, a file or a log. Their jobs are pinned to this server instance, because no other
/// process could read the credentials.
/// </summary>
public sealed class CredentialVault
{
    private readonly ConcurrentDictionary<long, RegistryCredential> _byJob = new();

    public void Hold(long jobId, RegistryCredential credential) => _byJob[jobId] = credential;

    public RegistryCredential? Get(long jobId) => _byJob.GetValueOrDefault(jobId);

    public void Forget(long jobId) => _byJob.TryRemove(jobId, out _);
}

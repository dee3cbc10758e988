namespace Drydock.Images.Sources.Registry;

/// <summary>How a registry was reached (<see cref="RegistryClient.Channel"/>).</summary>
public enum RegistryChannel
{
    /// <summary>TLS, the certificate verified (system roots or the host's certs.d CAs).</summary>
    VerifiedTls,

    /// <summary>TLS whose certificate did not verify, accepted because the host is declared insecure.</summary>
    UnverifiedTls,

    /// <summary>Plain HTTP (a host declared insecure whose https did not answer).</summary>
    PlainHttp,
}

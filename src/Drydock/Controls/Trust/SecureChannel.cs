using System.Net.Security;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>A registry an image or its base was read from without a verified TLS channel, and how it was read.</summary>
public sealed record InsecureChannel(string Registry, string What, string Reason);

/// <summary>
/// CIS 4.2's "downloaded over a secure channel": Drydock reads a registry over plain HTTP or unverified TLS only when
/// it is declared insecure (<c>--insecure-registry</c>), so only those are probed, in the order the registry client
/// falls back: HTTPS verified as the client verifies it (system roots and the certs.d CAs): when that answers, the
/// channel was secure; when the TLS handshake happened but the certificate did not verify, the image was read with
/// verification disabled; otherwise plain HTTP. A registry this scan has already read from (<c>read</c>: the image's own
/// client) is not probed: how that client actually reached it is the answer.
/// </summary>
internal static class SecureChannel
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    internal const string UnverifiedTlsReason = "read over TLS with certificate verification disabled (the certificate does not verify)";
    internal const string PlainHttpReason = "read over plain HTTP (no TLS)";

    /// <summary>
    /// The insecure channels among <paramref name="reads"/>; <paramref name="read"/> is a registry already read from in this
    /// scan and how (<see cref="RegistryClient.Channel"/>), null for none.
    /// </summary>
    public static async Task<IReadOnlyList<InsecureChannel>> CheckAsync(IEnumerable<(ImageReference Reference, string What)> reads, RegistryClientOptions options,
        (string Registry, RegistryChannel Channel)? read, CancellationToken cancellationToken)
    {
        var result = new List<InsecureChannel>();
        foreach (var (reference, what) in reads.DistinctBy(r => r.Reference.Registry))
        {
            if (!options.IsInsecure(reference.Registry)) continue;
            var reason = read is { } known && string.Equals(known.Registry, reference.Registry, StringComparison.OrdinalIgnoreCase)
                ? Reason(known.Channel)
                : await ProbeAsync(reference.RegistryHost, options.CertsDirectory, cancellationToken);
            if (reason is not null) result.Add(new InsecureChannel(reference.Registry, what, reason));
        }
        return result;
    }

    private static string? Reason(RegistryChannel channel) => channel switch
    {
        RegistryChannel.PlainHttp => PlainHttpReason,
        RegistryChannel.UnverifiedTls => UnverifiedTlsReason,
        _ => null,
    };

    private static async Task<string?> ProbeAsync(string host, string certsDirectory, CancellationToken cancellationToken)
    {
        var certificates = RegistryCertificates.Load(certsDirectory, host);
        var handshake = false;
        // Both asked at once (the plain-http answer is only used when https did not answer), then read in the client's order.
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var plain = AnswersAsync(new Uri($"http://{host}/v2/"), null, race.Token);
        try
        {
            if (await AnswersAsync(new Uri($"https://{host}/v2/"), (_, c, chain, errors) =>
                {
                    handshake = true; // the server speaks TLS; whether its certificate verifies is the answer
                    return certificates.Verifies(c, chain, errors);
                }, cancellationToken))
                return null;
            if (handshake) return UnverifiedTlsReason;
            return await plain
                ? PlainHttpReason
                : "declared insecure and not reachable over verified TLS";
        }
        finally
        {
            await race.CancelAsync();
            await ((Task)plain).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<bool> AnswersAsync(Uri url, RemoteCertificateValidationCallback? validate, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = Timeout };
        if (validate is not null) handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return true; // any HTTP answer (200, 401) means the channel works
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

using System.Security.Cryptography;
using Drydock.Images.Layers.Inflate;
using Drydock.Images.Sources;

namespace Drydock.Images.Layers;

/// <summary>
/// Loads what the first layer walk needs, on a thread of its own, while the command line is parsed and the image is
/// opened on the main thread (issue 17): OpenSSL's SHA-256 (loading libssl and libcrypto took ~7 ms of a cold scan's
/// head) and the gzip decoder's choice (loading libisal and its self-test, ~3 ms), after the image documents' serializer
/// metadata (<see cref="ImageDocuments.WarmUp"/>), which the open needs first. The walk would load them itself; here
/// they are loaded on the other core first. Nothing is reported from here: a failure is the walk's to meet and report.
/// </summary>
internal static class LayerWarmUp
{
    private static int _started;

    /// <summary>Starts the warm-up once per process; later calls do nothing.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        new Thread(Run) { IsBackground = true, Name = "drydock warm-up" }.Start();
    }

    private static void Run()
    {
        try
        {
            ImageDocuments.WarmUp();
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData([], digest);
            _ = GzipInflate.Choice;
        }
#pragma warning disable CA1031 // nothing to report here: the walk loads the same things and reports what fails
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

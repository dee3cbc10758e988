namespace Drydock.Controls.Trust.Sigstore;

/// <summary>A bundle failed one check of verification; the message is the one-line reason shown to the user.</summary>
public sealed class BundleRejectedException(string reason) : Exception(reason);

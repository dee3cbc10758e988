namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Credentials for one registry: username + password, or an identity (OAuth2 refresh) token.
/// <see cref="ToString"/> never shows a secret, so a credential can't leak into a log line by accident.
/// </summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    public bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, secret = *** }}";
}

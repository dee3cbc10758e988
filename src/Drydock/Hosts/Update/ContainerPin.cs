namespace Drydock.Hosts.Update;

/// <summary>
/// A container put on <see cref="ImageId"/> by <c>host rollback</c>; <see cref="Reference"/> is the tag it followed
/// before. <see cref="Pinned"/> false after <c>host update --unpin</c>: it follows that tag again until it is updated.
/// </summary>
public sealed record ContainerPin(string ImageId, string Reference, DateTimeOffset Since, bool Pinned);

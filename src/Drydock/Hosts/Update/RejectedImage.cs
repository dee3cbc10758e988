namespace Drydock.Hosts.Update;

/// <summary>An image that failed a container's health gate, why, and when.</summary>
public sealed record RejectedImage(string ImageId, string Reason, DateTimeOffset At);

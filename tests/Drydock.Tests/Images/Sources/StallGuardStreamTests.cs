using System.IO.Pipes;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Sources;

public sealed class StallGuardStreamTests
{
    [Fact]
    public async Task ReadAsync_ServerStopsSendingMidBody_FailsWithStalledMessage()
    {
        // Given: a pipe whose writer sent 3 bytes and then went silent (but did not close)
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        await server.WriteAsync(new byte[] { 1, 2, 3 });
        await server.FlushAsync();
        using var guarded = new StallGuardStream(client, TimeSpan.FromMilliseconds(200), "blob sha256:ab of app");
        var buffer = new byte[16];

        // When
        var first = await guarded.ReadAsync(buffer);
        var error = await Assert.ThrowsAsync<DrydockException>(() => guarded.ReadAsync(buffer).AsTask());

        // Then
        Assert.Equal(3, first);
        Assert.Equal("blob sha256:ab of app: stalled (no data for 0.2 s)", error.Message);
    }

    [Fact]
    public void Read_SlowConsumerBetweenReads_IsNotAStall()
    {
        // Given
        using var guarded = new StallGuardStream(new MemoryStream([1, 2, 3, 4]), TimeSpan.FromMilliseconds(50), "blob");
        var buffer = new byte[2];

        // When: the consumer takes longer than the idle limit between two reads
        var first = guarded.Read(buffer);
        Thread.Sleep(200);
        var second = guarded.Read(buffer);

        // Then
        Assert.Equal(2, first);
        Assert.Equal(2, second);
    }
}

using Drydock.Hosts.Rollout;
using Drydock.Hosts.Update;

namespace Drydock.Tests.Hosts.Rollout;

/// <summary>
/// How a container's outcome reaches the run report (and, through <c>--report-to</c>, the server's <c>update_history</c>):
/// a <c>host rollback</c> that brought the previous image back is <c>rolledback</c> and a success, not <c>updated</c>.
/// </summary>
public sealed class ContainerRunResultTests
{
    private const string Current = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Previous = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public void FromRollback_PreviousImageCameUp_RolledBackFromCurrentToPreviousNotAFailure()
    {
        // Given: the updater moved the container from the current image to the recorded previous one
        var outcome = new UpdateOutcome("web", UpdateResultKind.Updated, Current, Previous, "healthy on 111111111111") { Health = "healthy" };

        // When
        var result = ContainerRunResult.FromRollback(outcome);

        // Then
        Assert.Equal(ContainerOutcome.RolledBack, result.Outcome);
        Assert.Equal((Current, Previous), (result.FromImageId, result.ToImageId));
        Assert.False(result.Failure);
        Assert.Equal(ContainerOutcome.Updated, ContainerRunResult.From(outcome).Outcome);
    }

    [Fact]
    public void FromRollback_PreviousImageFailedItsGate_FailedWithTheTriedImageAsTo()
    {
        // Given: the previous image did not come up healthy and the current container was put back
        var outcome = new UpdateOutcome("web", UpdateResultKind.RolledBack, Previous, Current, "previous image unhealthy; restored") { Health = "failed" };

        // When
        var result = ContainerRunResult.FromRollback(outcome);

        // Then: from the image before the run to the one tried, as everywhere in the report
        Assert.Equal(ContainerOutcome.Failed, result.Outcome);
        Assert.Equal((Current, Previous), (result.FromImageId, result.ToImageId));
        Assert.True(result.Failure);
    }

    [Fact]
    public void FromRollback_InterruptedUpdateRecovered_Recovered()
    {
        // Given
        var outcome = new UpdateOutcome("web", UpdateResultKind.Recovered, Current, Previous, "completed an interrupted update");

        // When / Then
        Assert.Equal(ContainerOutcome.Recovered, ContainerRunResult.FromRollback(outcome).Outcome);
    }
}

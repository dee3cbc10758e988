namespace Drydock.Controls.Dockerfile;

/// <summary>
/// The optional capability of an <see cref="IControl"/> to judge a Dockerfile before it is built (<c>drydock
/// dockerfile</c>). A control implements it when its rule can be seen in the instructions; the verdict carries the
/// control's own id and title, and its evidence names lines instead of layers. A control whose rule needs the built
/// image (signatures) returns a skip that says so.
/// </summary>
public interface IDockerfileCheck
{
    /// <summary>The verdict on one parsed Dockerfile; never throws for odd instructions.</summary>
    ControlResult EvaluateDockerfile(DockerfileContext context);
}

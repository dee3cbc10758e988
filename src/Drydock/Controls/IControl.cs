using Drydock.Images.FileSystem;

namespace Drydock.Controls;

/// <summary>
/// One CIS 4.x (or Drydock) image control. It declares the file contents it needs (<see cref="IFileInterest"/>) and
/// turns the image's config, history, filesystem and inventory into a verdict: pass, fail with evidence, or skip
/// with the reason. Never throws for odd images: an unreadable input is a skip that says why.
/// </summary>
public interface IControl : IFileInterest
{
    /// <summary><c>CIS-4.1</c> … <c>CIS-4.12</c>.</summary>
    string Id { get; }

    string Title { get; }

    ControlResult Evaluate(ControlContext context);
}

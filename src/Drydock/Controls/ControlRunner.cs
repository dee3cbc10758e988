namespace Drydock.Controls;

/// <summary>Runs every enabled control of the catalogue over one image, in catalogue order.</summary>
public static class ControlRunner
{
    public static IReadOnlyList<ControlResult> Run(ControlContext context, IReadOnlyList<IControl>? controls = null) =>
        (controls ?? ControlCatalog.All)
            .Where(c => context.Policy.IsEnabled(c.Id))
            .Select(c => c.Evaluate(context))
            .ToList();
}

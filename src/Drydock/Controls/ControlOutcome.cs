namespace Drydock.Controls;

public enum ControlOutcome
{
    Pass,
    Fail,
    Skip,
}

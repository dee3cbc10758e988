namespace Drydock.Vulnerabilities.Versions;

/// <summary>A comparison operator of a version constraint term.</summary>
public enum VersionOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

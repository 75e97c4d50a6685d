namespace Ambient.Governance.Policies.Matching;

/// <summary>The numeric comparisons of argument conditions, by their YAML keys.</summary>
internal enum ComparisonKind
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
}

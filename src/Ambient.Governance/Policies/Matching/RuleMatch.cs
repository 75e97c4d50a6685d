namespace Ambient.Governance.Policies.Matching;

/// <summary>A rule's compiled <c>match</c>: every condition must hold; no condition matches every call.</summary>
internal sealed class RuleMatch(IReadOnlyList<IRuleCondition> conditions)
{
    /// <summary>The match of a rule without conditions.</summary>
    public static RuleMatch Everything { get; } = new([]);

    public IReadOnlyList<IRuleCondition> Conditions => conditions;

    /// <summary>Null when every condition holds; otherwise why the first that does not, does not.</summary>
    public string? WhyNot(PolicyInput input)
    {
        foreach (var condition in conditions)
        {
            if (condition.WhyNot(input) is { } why)
            {
                return why;
            }
        }

        return null;
    }

    /// <summary>True when every condition holds: <see cref="WhyNot"/> without the explanation.</summary>
    public bool Holds(PolicyInput input)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Holds(input))
            {
                return false;
            }
        }

        return true;
    }
}

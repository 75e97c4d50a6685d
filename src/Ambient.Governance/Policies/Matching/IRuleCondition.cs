namespace Ambient.Governance.Policies.Matching;

/// <summary>One condition of a rule's <c>match</c>, compiled at read time.</summary>
internal interface IRuleCondition
{
    /// <summary>Null when the condition holds for <paramref name="input"/>; otherwise why not, for the explanation.</summary>
    string? WhyNot(PolicyInput input);
}

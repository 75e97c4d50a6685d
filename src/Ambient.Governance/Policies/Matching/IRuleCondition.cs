namespace Ambient.Governance.Policies.Matching;

/// <summary>One condition of a rule's <c>match</c>, compiled at read time.</summary>
internal interface IRuleCondition
{
    /// <summary>Null when the condition holds for <paramref name="input"/>; otherwise why not, for the explanation.</summary>
    string? WhyNot(PolicyInput input);

    /// <summary>True when the condition holds for <paramref name="input"/>: <see cref="WhyNot"/> without writing the reason.</summary>
    bool Holds(PolicyInput input) => WhyNot(input) is null;

    /// <summary>
    /// For the inventory (<see cref="PolicySet.ZonesOf"/>): true when the condition holds for every call of
    /// <paramref name="agent"/> to <paramref name="tool"/>, false when for none, null when it depends on the call.
    /// </summary>
    bool? HoldsFor(string agent, string tool);

    /// <summary>The condition in a few words, e.g. <c>$.namespace matches ^prod</c>.</summary>
    string Describe();
}

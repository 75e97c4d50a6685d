namespace Ambient.Governance.Policies;

/// <summary>Verdicts as policy files and explanations write them: <c>allow</c>, <c>review</c>, <c>approve</c>, <c>deny</c>.</summary>
public static class PolicyVerdicts
{
    /// <summary>Each verdict's text, in the enum's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["allow", "review", "approve", "deny"];

    /// <summary>The verdict as policy files write it.</summary>
    public static string ToText(this PolicyVerdict verdict) => Names[(int)verdict];

    /// <summary>The verdict written <paramref name="text"/> (lower case, as in <see cref="Names"/>); null for anything else.</summary>
    public static PolicyVerdict? Parse(string text) => text switch
    {
        "allow" => PolicyVerdict.Allow,
        "review" => PolicyVerdict.Review,
        "approve" => PolicyVerdict.Approve,
        "deny" => PolicyVerdict.Deny,
        _ => null,
    };
}

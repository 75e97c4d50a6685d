namespace Ambient.Governance.Policies;

/// <summary>Verdicts as policy files and explanations write them: <c>allow</c>, <c>review</c>, <c>approve</c>, <c>deny</c>.</summary>
internal static class PolicyVerdicts
{
    public static IReadOnlyList<string> Names { get; } = ["allow", "review", "approve", "deny"];

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

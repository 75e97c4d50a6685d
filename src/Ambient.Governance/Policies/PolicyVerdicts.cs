namespace Ambient.Governance.Policies;

/// <summary>Verdicts as policy files and explanations write them: <c>allow</c>, <c>review</c>, <c>approve</c>, <c>deny</c>.</summary>
internal static class PolicyVerdicts
{
    public static IReadOnlyList<string> Names { get; } = ["allow", "review", "approve", "deny"];

    public static string ToText(this PolicyVerdict verdict) => Names[(int)verdict];

    public static bool TryParse(string text, out PolicyVerdict verdict)
    {
        var index = Names.IndexOf(text);
        verdict = (PolicyVerdict)Math.Max(index, 0);
        return index >= 0;
    }

    private static int IndexOf(this IReadOnlyList<string> names, string text)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

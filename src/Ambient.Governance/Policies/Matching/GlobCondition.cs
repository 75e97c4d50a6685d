namespace Ambient.Governance.Policies.Matching;

/// <summary><c>agents</c>, <c>tools</c>, <c>targets</c>, <c>eventTypes</c>: the input's field matches one of the globs.</summary>
/// <param name="subject">The field as the explanation names it, e.g. <c>tool</c>.</param>
/// <param name="select">Reads the field; null when the caller does not know it, which never matches.</param>
/// <param name="globs">The patterns; at least one.</param>
internal sealed class GlobCondition(string subject, Func<PolicyInput, string?> select, IReadOnlyList<Glob> globs) : IRuleCondition
{
    public string? WhyNot(PolicyInput input)
    {
        if (select(input) is not { } value)
        {
            return $"{subject} unknown";
        }

        return Matches(value)
            ? null
            : $"{subject} '{value}' matches none of [{string.Join(", ", globs)}]";
    }

    public bool Holds(PolicyInput input) => select(input) is { } value && Matches(value);

    private bool Matches(string value)
    {
        foreach (var glob in globs)
        {
            if (glob.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    public bool? HoldsFor(string agent, string tool)
    {
        // Only agent and tool are known: a condition on the target, the event type... depends on the call.
        var probe = new PolicyInput(agent, tool, Target: null, Arguments: default, EventType: null, Ingress: null, Confidence: null, At: default);
        return select(probe) is null ? null : WhyNot(probe) is null;
    }

    public string Describe() => globs.Count == 1 ? $"{subject} matches {globs[0]}" : $"{subject} matches one of [{string.Join(", ", globs)}]";
}

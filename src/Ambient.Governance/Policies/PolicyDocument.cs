namespace Ambient.Governance.Policies;

/// <summary>
/// One policy file as read by <see cref="PolicyReader"/>: its rules, evaluated in order (the first that matches decides
/// within the policy), and its default for calls no rule matches.
/// </summary>
public sealed class PolicyDocument
{
    internal PolicyDocument(string name, string? description, PolicyVerdict @default, Approval? defaultApproval,
        IReadOnlyList<PolicyRule> rules, string sourceFile, string text, (long Line, long Column) nameAt)
    {
        Name = name;
        Description = description;
        Default = @default;
        DefaultApproval = defaultApproval;
        Rules = rules;
        SourceFile = sourceFile;
        Text = text;
        NameAt = nameAt;
    }

    /// <summary>The policy's name, unique across a <see cref="PolicySet"/>.</summary>
    public string Name { get; }

    /// <summary>What the policy is for; null when not given.</summary>
    public string? Description { get; }

    /// <summary>The verdict when none of the rules matches; <see cref="PolicyVerdict.Allow"/> unless set.</summary>
    public PolicyVerdict Default { get; }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary>The file the policy was read from, as given to <see cref="PolicyReader.Read"/>.</summary>
    public string SourceFile { get; }

    /// <summary>The YAML as read; a set's <see cref="PolicySet.Version"/> hashes it.</summary>
    public string Text { get; }

    /// <summary>For <c>default: approve</c>: the policy's own <c>approvers</c>, <c>expiresIn</c> and <c>onExpiry</c>.</summary>
    internal Approval? DefaultApproval { get; }

    /// <summary>Where the name is written, for errors about the set (a duplicate name).</summary>
    internal (long Line, long Column) NameAt { get; }

    /// <summary>
    /// The zones this policy can put <paramref name="agent"/>'s calls to <paramref name="tool"/> in: each rule whose agent and
    /// tool conditions hold (its other conditions depend on the call), up to the first rule that always decides; then, unless
    /// that rule exists, the default.
    /// </summary>
    internal IEnumerable<PolicyZone> ZonesOf(string agent, string tool)
    {
        var earlier = false;
        foreach (var rule in Rules)
        {
            var holds = rule.Match.Conditions.Select(condition => (Condition: condition, Holds: condition.HoldsFor(agent, tool))).ToList();
            if (holds.Any(h => h.Holds == false))
            {
                continue;
            }

            var depends = holds.Where(h => h.Holds is null).Select(h => h.Condition.Describe()).ToList();
            yield return new PolicyZone(rule.Verdict, Name, rule.Name, depends.Count > 0 ? $"when {string.Join(" and ", depends)}" : Always(earlier));
            if (depends.Count == 0)
            {
                // The first rule that matches decides: nothing after this one is ever tried for this agent and tool.
                yield break;
            }

            earlier = true;
        }

        yield return new PolicyZone(Default, Name, null, Always(earlier));

        // After a rule that may match, one that always does decides only the calls the earlier ones left.
        static string Always(bool afterConditionalRules) => afterConditionalRules ? "otherwise" : "always";
    }

    /// <summary>Runs the rules in order against <paramref name="input"/>, adding one line for the policy and one per rule tried.</summary>
    internal PolicyOutcome Evaluate(PolicyInput input, List<string>? explanation)
    {
        if (explanation is null)
        {
            // Unexplained (the worker's filter, on every tool call): the first rule that holds, no lines written.
            foreach (var rule in Rules)
            {
                if (rule.Match.Holds(input))
                {
                    return new PolicyOutcome(this, rule);
                }
            }

            return new PolicyOutcome(this, null);
        }

        var heading = explanation.Count;
        explanation.Add(string.Empty);
        foreach (var rule in Rules)
        {
            if (rule.Match.WhyNot(input) is { } why)
            {
                explanation.Add($"{Name}/{rule.Name}: no match: {why}");
                continue;
            }

            explanation.Add($"{Name}/{rule.Name}: match: {rule.Verdict.ToText()}");
            explanation[heading] = $"{Name}: {rule.Verdict.ToText()} by rule {rule.Name}";
            return new PolicyOutcome(this, rule);
        }

        explanation[heading] = $"{Name}: {Default.ToText()} by default ({(Rules.Count == 0 ? "no rules" : "no rule matched")})";
        return new PolicyOutcome(this, null);
    }
}

using Ambient.Governance.Policies;

namespace Ambient.Governance.Tests.Support;

/// <summary>Policies from YAML written in the test.</summary>
internal static class TestPolicies
{
    public const string File = "policies/test.yaml";

    public static PolicyDocument Read(string yaml, string file = File) => PolicyReader.Read(file, yaml);

    /// <summary>A set of the policies in order, read as <c>policies/0.yaml</c>, <c>policies/1.yaml</c>, ...</summary>
    public static PolicySet Set(params string[] yamls) =>
        PolicySet.From(yamls.Select((yaml, index) => PolicyReader.Read($"policies/{index}.yaml", yaml)));

    /// <summary>A policy <c>p</c> with one deny rule <c>r</c> whose match is <paramref name="match"/> (flow style, e.g. <c>{tools: [a.b]}</c>).</summary>
    public static PolicyDocument WithMatch(string match) => Read($"""
        name: p
        rules:
          - name: r
            match: {match}
            decision: deny
        """);

    /// <summary>Null when the single rule of <see cref="WithMatch"/> matches <paramref name="input"/>, else why not.</summary>
    public static string? WhyNot(string match, PolicyInput input) => WithMatch(match).Rules[0].Match.WhyNot(input);
}

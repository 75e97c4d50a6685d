using System.Text;
using Ambient.Governance.State;

namespace Ambient.Governance.Tests.State;

/// <summary>Folding the governance topic's records: the latest policy of a name wins, a tombstone removes it, and an unreadable record leaves what it would have replaced in force.</summary>
public sealed class GovernanceStateTests
{
    private static byte[] Policy(string name, string decision) => Encoding.UTF8.GetBytes($"""
        name: {name}
        rules:
          - name: r
            match: {"{"}tools: [github.comment]{"}"}
            decision: {decision}
        """);

    [Fact]
    public void Apply_ReplaceThenRemove_TheLatestOfEachNameIsInForce()
    {
        var state = new GovernanceState();

        Assert.Null(state.Apply("policy/a", Policy("a", "deny")));
        Assert.Null(state.Apply("policy/b", Policy("b", "allow")));
        var both = state.Current;
        Assert.Null(state.Apply("policy/a", Policy("a", "review")));
        var replaced = state.Current;
        Assert.Null(state.Apply("policy/a", null));

        Assert.Equal(["a", "b"], both.Policies.Documents.Select(p => p.Name));
        Assert.Equal(Ambient.Governance.Policies.PolicyVerdict.Review, replaced.Policies.Documents[0].Rules[0].Verdict);
        Assert.Equal(["b"], state.Current.Policies.Documents.Select(p => p.Name));
        Assert.Equal(4, state.Current.Records);
        Assert.NotEqual(both.Policies.Version, replaced.Policies.Version);
    }

    [Theory]
    [InlineData("policy/a", "name: a\nrules: nope\n", "policy/a on the governance topic")]
    [InlineData("policy/other", null, "holds a policy named 'a'; a policy's key is policy/<its name>")]
    [InlineData("pause/a", null, "'pause/a' is not a governance key")]
    public void Apply_AnUnreadableRecord_IsRefusedAndThePolicyItWouldReplaceStays(string key, string? yaml, string expected)
    {
        var state = new GovernanceState();
        state.Apply("policy/a", Policy("a", "deny"));
        var before = state.Current;

        var problem = state.Apply(key, yaml is null ? Policy("a", "allow") : Encoding.UTF8.GetBytes(yaml));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Same(before, state.Current);
    }
}

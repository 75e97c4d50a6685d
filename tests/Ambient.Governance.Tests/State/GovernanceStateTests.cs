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
    [InlineData("stop/a", null, "'stop/a' is not a governance key")]
    public void Apply_AnUnreadableRecord_IsRefusedAndThePolicyItWouldReplaceStays(string key, string? yaml, string expected)
    {
        var state = new GovernanceState();
        state.Apply("policy/a", Policy("a", "deny"));
        var before = state.Current;

        var problem = state.Apply(key, yaml is null ? Policy("a", "allow") : Encoding.UTF8.GetBytes(yaml));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Same(before, state.Current);
    }

    [Fact]
    public async Task Apply_PausesOfOneAgentAndOfAll_HoldThoseAgentsUntilResumedAndSignalEachChange()
    {
        var state = new GovernanceState();
        var changed = state.Changed;

        Assert.Null(state.Apply("pause/triage", GovernanceStateEncoding.Pause("triage", "noisy")));
        await changed.WaitAsync(TestContext.Current.CancellationToken);
        var one = state.Current;
        Assert.Null(state.Apply("pause/*", GovernanceStateEncoding.Pause("*", "incident")));
        var all = state.Current;
        Assert.Null(state.Apply("pause/*", null));
        Assert.Null(state.Apply("pause/triage", []));

        Assert.Equal("noisy", one.PauseOf("triage")!.Reason);
        Assert.Null(one.PauseOf("digest"));
        Assert.Equal("incident", all.PauseOf("digest")!.Reason);
        Assert.Equal("noisy", all.PauseOf("triage")!.Reason);
        Assert.Empty(state.Current.Pauses);
        Assert.Contains("is not a pause record", state.Apply("pause/x", "not json"u8.ToArray()), StringComparison.Ordinal);
    }
}

/// <summary>Pause records as the writer encodes them.</summary>
internal static class GovernanceStateEncoding
{
    private static readonly System.Text.Json.JsonSerializerOptions s_web = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static byte[] Pause(string agent, string reason) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new PauseRecord(agent, reason, "tester", DateTimeOffset.UnixEpoch), s_web);
}

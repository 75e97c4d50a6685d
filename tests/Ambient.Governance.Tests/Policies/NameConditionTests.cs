using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>The conditions on names: agents, tools, targets, event types (globs) and ingress (exact kinds).</summary>
public sealed class NameConditionTests
{
    [Theory]
    [InlineData("incident-*", "incident-responder", true)]
    [InlineData("incident-*", "github-triage", false)]
    [InlineData("'*'", "anything-at-all", true)]
    [InlineData("github-triage", "github-triage", true)]
    [InlineData("github-triage", "github-triage-2", false)]
    [InlineData("'*-helper'", "slack-helper", true)]
    [InlineData("Slack-helper", "slack-helper", false)]
    public void Agents_Glob_MatchesWholeName(string glob, string agent, bool matches)
    {
        var why = TestPolicies.WhyNot($"{{agents: [{glob}]}}", Calls.Of("github.comment", agent: agent));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData("kubernetes.restart_workload", true)]
    [InlineData("kubernetes.scale_workload", true)]
    [InlineData("kubernetes.get", false)]
    [InlineData("github.comment", false)]
    public void Tools_List_MatchesAnyEntry(string tool, bool matches)
    {
        var why = TestPolicies.WhyNot("{tools: [kubernetes.restart_workload, kubernetes.scale_workload]}", Calls.Of(tool));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Tools_NoMatch_ExplainsWithTheGlobs()
    {
        var why = TestPolicies.WhyNot("{tools: [kubernetes.*_workload, notify.*]}", Calls.Of("github.comment"));

        Assert.Equal("tool 'github.comment' matches none of [kubernetes.*_workload, notify.*]", why);
    }

    [Theory]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-x-c-y-b", false)]
    [InlineData("github.*", "github.", true)]
    [InlineData("*.comment", "github.comment", true)]
    [InlineData("*.comment", "github.comments", false)]
    [InlineData("git*hub.*", "github.comment", true)]
    public void Tools_Wildcard_StandsForAnyRunOfCharacters(string glob, string tool, bool matches)
    {
        var why = TestPolicies.WhyNot($"{{tools: ['{glob}']}}", Calls.Of(tool));

        Assert.Equal(matches, why is null);
    }

    [Theory]
    [InlineData("mcp:runbooks", true)]
    [InlineData("mcp:", true)]
    [InlineData("github", false)]
    public void Targets_Glob_MatchesTarget(string target, bool matches)
    {
        var why = TestPolicies.WhyNot("{targets: ['mcp:*']}", Calls.Of("runbooks.run", target: target));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Targets_UnknownTarget_DoesNotMatchEvenAStar()
    {
        var why = TestPolicies.WhyNot("{targets: ['*']}", Calls.Of("kubernetes.get", target: null));

        Assert.Equal("target unknown", why);
    }

    [Theory]
    [InlineData("io.k8s.event.BackOff", true)]
    [InlineData("io.k8s.event.OOMKilling", true)]
    [InlineData("io.prometheus.alert.firing", false)]
    public void EventTypes_Glob_MatchesType(string type, bool matches)
    {
        var why = TestPolicies.WhyNot("{eventTypes: [io.k8s.*]}", Calls.Of("kubernetes.restart_workload", eventType: type));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void EventTypes_UnknownType_DoesNotMatch()
    {
        var why = TestPolicies.WhyNot("{eventTypes: ['*']}", Calls.Of("kubernetes.restart_workload", eventType: null));

        Assert.Equal("event type unknown", why);
    }

    [Theory]
    [InlineData("[github]", "github", true)]
    [InlineData("[github]", "slack", false)]
    [InlineData("[cli, 'publish:ci']", "publish:ci", true)]
    [InlineData("[cli, 'publish:ci']", "publish:other", false)]
    [InlineData("[verified]", "slack", true)]
    [InlineData("[verified]", "schedule", true)]
    [InlineData("[verified]", "cli", false)]
    [InlineData("[verified]", "publish:ci", false)]
    public void Ingress_ExactKindsAndVerified_MatchAsAgentSubscriptionsDo(string kinds, string ingress, bool matches)
    {
        var why = TestPolicies.WhyNot($"{{ingress: {kinds}}}", Calls.Of("github.comment", ingress: ingress));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Ingress_Unknown_DoesNotMatch()
    {
        var why = TestPolicies.WhyNot("{ingress: [verified, cli]}", Calls.Of("github.comment", ingress: null));

        Assert.Equal("ingress unknown", why);
    }

    [Fact]
    public void Match_SeveralConditions_AllMustHoldAndTheFirstFailingIsNamed()
    {
        const string Match = "{agents: [incident-responder], tools: [kubernetes.*], eventTypes: [io.k8s.*]}";

        var holds = TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", eventType: "io.k8s.event.BackOff"));
        var wrongType = TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", eventType: "io.prometheus.alert.firing"));
        var wrongAgent = TestPolicies.WhyNot(Match, Calls.Of("kubernetes.restart_workload", agent: "slack-helper", eventType: "com.slack.app_mention"));

        Assert.Null(holds);
        Assert.Equal("event type 'io.prometheus.alert.firing' matches none of [io.k8s.*]", wrongType);
        Assert.Equal("agent 'slack-helper' matches none of [incident-responder]", wrongAgent);
    }
}

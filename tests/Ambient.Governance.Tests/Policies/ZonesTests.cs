using Ambient.Governance.Policies;
using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>
/// <see cref="PolicySet.ZonesOf"/>: the zones an agent's calls to a tool can fall in whatever the call, as the inventory
/// lists them, and the risk tier made of them.
/// </summary>
public sealed class ZonesTests
{
    private const string ProdApproval = """
        name: zones
        rules:
          - name: prod-needs-approval
            match:
              tools: [kubernetes.restart_workload]
              arguments: [{path: $.namespace, regex: "^prod"}]
            decision: approve
            approvers: [oncall]
        """;

    [Fact]
    public void ZonesOf_RuleWithArgumentCondition_ListedWithItThenTheDefaultOtherwise()
    {
        var zones = TestPolicies.Set(ProdApproval).ZonesOf("incident-responder", "kubernetes.restart_workload");

        Assert.Equal(
            ["approve when $.namespace matches ^prod (zones/prod-needs-approval)", "allow otherwise (default of zones)"],
            zones.Zones.Select(zone => zone.ToString()));
        Assert.Equal(RiskTier.Red, zones.Tier);
        Assert.False(zones.CanBeDenied);
    }

    [Fact]
    public void ZonesOf_RuleForAnotherToolOrAgent_NotListed()
    {
        var set = TestPolicies.Set("""
            name: p
            default: review
            rules:
              - {name: other-tool, match: {tools: [kubernetes.scale_workload]}, decision: deny}
              - {name: other-agent, match: {agents: [slack-*], tools: ["kubernetes.*"]}, decision: deny}
            """);

        var zones = set.ZonesOf("incident-responder", "kubernetes.restart_workload");

        Assert.Equal(["review always (default of p)"], zones.Zones.Select(zone => zone.ToString()));
        Assert.Equal(RiskTier.Yellow, zones.Tier);
    }

    [Fact]
    public void ZonesOf_RuleThatAlwaysMatches_HidesTheRulesAfterItAndTheDefault()
    {
        var set = TestPolicies.Set("""
            name: p
            default: deny
            rules:
              - {name: unsure, match: {tools: [github.comment], confidence: {below: 0.5}}, decision: review}
              - {name: github-green, match: {agents: ["*"], tools: ["github.*"]}, decision: allow}
              - {name: never-reached, match: {tools: [github.comment]}, decision: deny}
            """);

        var zones = set.ZonesOf("github-triage", "github.comment");

        Assert.Equal(
            ["review when confidence below 0.5 (or not stated) (p/unsure)", "allow otherwise (p/github-green)"],
            zones.Zones.Select(zone => zone.ToString()));
        Assert.False(zones.CanBeDenied);
    }

    [Fact]
    public void ZonesOf_ConditionsOnTheCall_EachDescribed()
    {
        var set = TestPolicies.Set("""
            name: p
            rules:
              - name: every-kind
                match:
                  tools: [mcp_tool.run]
                  targets: ["mcp:*"]
                  eventTypes: [io.k8s.event.*, io.prometheus.alert.firing]
                  ingress: [cli]
                  arguments:
                    - {path: $.replicas, greaterThan: 10, lessOrEqual: 50}
                    - {path: $.channel, in: [C1, C2]}
                    - {path: $.repo, equals: octo/app}
                    - {path: $.force, exists: false}
                  confidence: {atLeast: 0.2, below: 0.9}
                  time: {days: [sun, sat], between: ["18:00", "08:00"], timezone: Europe/Berlin}
                decision: approve
                approvers: [sre]
            """);

        var zone = set.ZonesOf("any", "mcp_tool.run").Zones[0];

        Assert.Equal(
            "when target matches mcp:* and event type matches one of [io.k8s.event.*, io.prometheus.alert.firing] and ingress is cli"
            + " and $.replicas greater than 10 and $.replicas less than or equal to 50 and $.channel is one of [C1, C2]"
            + " and $.repo equals 'octo/app' and $.force is missing and confidence at least 0.2 and below 0.9"
            + " and on sat, sun between 18:00 and 08:00 (Europe/Berlin)",
            zone.Condition);
    }

    [Fact]
    public void Tier_APolicyThatAlwaysApproves_MakesTheOtherPoliciesAllowUnreachable()
    {
        var set = TestPolicies.Set(
            "name: a\nrules:\n  - {name: all-restarts, match: {tools: [kubernetes.restart_workload]}, decision: approve, approvers: [x]}\n",
            "name: b\ndefault: allow\n");

        var zones = set.ZonesOf("incident-responder", "kubernetes.restart_workload");

        Assert.Equal(2, zones.Zones.Count);
        Assert.Equal(PolicyVerdict.Approve, zones.Floor);
        Assert.Equal([PolicyVerdict.Approve], zones.Verdicts);
        Assert.Equal(RiskTier.Red, zones.Tier);
    }

    [Fact]
    public void Tier_EveryCallDenied_NoTierButDenied()
    {
        var zones = TestPolicies.Set(ProdApproval, "name: freeze\ndefault: deny\n").ZonesOf("incident-responder", "kubernetes.restart_workload");

        Assert.Equal([PolicyVerdict.Deny], zones.Verdicts);
        Assert.Null(zones.Tier);
        Assert.True(zones.CanBeDenied);
        Assert.Equal(RiskTier.Green, RiskTiers.Of([zones]));
    }

    [Fact]
    public void ZonesOf_NoPolicies_AllowedGreen()
    {
        var zones = PolicySet.Empty.ZonesOf("a", "github.comment");

        Assert.Empty(zones.Zones);
        Assert.Equal([PolicyVerdict.Allow], zones.Verdicts);
        Assert.Equal(RiskTier.Green, zones.Tier);
    }

    [Fact]
    public void RiskTiers_Of_TheRiskiestEffectTool()
    {
        var set = TestPolicies.Set(ProdApproval, "name: reviews\nrules:\n  - {name: r, match: {tools: [github.comment]}, decision: review}\n");

        Assert.Equal(RiskTier.Green, RiskTiers.Of([]));
        Assert.Equal(RiskTier.Green, RiskTiers.Of([set.ZonesOf("a", "github.add_labels")]));
        Assert.Equal(RiskTier.Yellow, RiskTiers.Of([set.ZonesOf("a", "github.add_labels"), set.ZonesOf("a", "github.comment")]));
        Assert.Equal(RiskTier.Red, RiskTiers.Of([set.ZonesOf("a", "github.comment"), set.ZonesOf("a", "kubernetes.restart_workload")]));
        Assert.Equal(["green", "yellow", "red"], new[] { RiskTier.Green, RiskTier.Yellow, RiskTier.Red }.Select(tier => tier.ToText()));
    }
}

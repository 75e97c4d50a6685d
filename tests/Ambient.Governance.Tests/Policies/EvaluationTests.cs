using Ambient.Governance.Policies;
using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>First match within a policy, its default otherwise, the most restrictive decision across policies.</summary>
public sealed class EvaluationTests
{
    private const string Zones = """
        name: zones
        rules:
          - name: staging-restarts-are-green
            match:
              tools: [kubernetes.restart_workload]
              arguments: [{path: $.namespace, equals: staging}]
            decision: allow
          - name: restarts-are-denied
            match:
              tools: [kubernetes.restart_workload]
            decision: deny
            reason: "Restarts are off during the migration."
        """;

    [Fact]
    public void Evaluate_FirstMatchingRuleDecidesWithinAPolicy()
    {
        var set = TestPolicies.Set(Zones);

        var staging = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"staging"}"""));
        var prod = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"prod"}"""));

        Assert.Equal((PolicyVerdict.Allow, "zones", "staging-restarts-are-green"), (staging.Verdict, staging.Policy, staging.Rule));
        Assert.Equal((PolicyVerdict.Deny, "zones", "restarts-are-denied"), (prod.Verdict, prod.Policy, prod.Rule));
        Assert.Equal("Restarts are off during the migration.", prod.Reason);
    }

    [Fact]
    public void Evaluate_RulesInTheOtherOrder_TheBroaderRuleWins()
    {
        var set = TestPolicies.Set("""
            name: zones
            rules:
              - name: restarts-are-denied
                match: {tools: [kubernetes.restart_workload]}
                decision: deny
              - name: staging-restarts-are-green
                match:
                  tools: [kubernetes.restart_workload]
                  arguments: [{path: $.namespace, equals: staging}]
                decision: allow
            """);

        var staging = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"staging"}"""));

        Assert.Equal((PolicyVerdict.Deny, "restarts-are-denied"), (staging.Verdict, staging.Rule));
    }

    [Fact]
    public void Evaluate_NoRuleMatches_PolicyDefaultDecides()
    {
        var set = TestPolicies.Set("""
            name: cautious
            default: review
            rules:
              - name: reads-are-green
                match: {tools: ['kubernetes.get']}
                decision: allow
            """);

        var decision = set.Evaluate(Calls.Of("github.comment"));

        Assert.Equal((PolicyVerdict.Review, "cautious", null), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal("default of policy cautious: review", decision.Reason);
    }

    [Fact]
    public void Evaluate_NothingMatchesAndDefaultsAllow_NamesNoPolicy()
    {
        var set = TestPolicies.Set(Zones, "name: quiet\ndefault: allow\n");

        var decision = set.Evaluate(Calls.Of("github.comment"));

        Assert.Equal((PolicyVerdict.Allow, null, null), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal("no policy rule matched: allow", decision.Reason);
        Assert.Empty(decision.Approvers);
        Assert.Null(decision.ExpiresIn);
        Assert.Null(decision.OnExpiry);
    }

    [Fact]
    public void Evaluate_EmptySet_AllowsEverything()
    {
        var decision = PolicySet.Empty.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"prod"}"""));

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
        Assert.Null(decision.Policy);
        Assert.Empty(decision.Explanation);
        Assert.Empty(PolicySet.Empty.Documents);
    }

    [Theory]
    [InlineData("allow", "review", PolicyVerdict.Review, "second")]
    [InlineData("review", "allow", PolicyVerdict.Review, "first")]
    [InlineData("approve", "review", PolicyVerdict.Approve, "first")]
    [InlineData("review", "approve", PolicyVerdict.Approve, "second")]
    [InlineData("deny", "approve", PolicyVerdict.Deny, "first")]
    [InlineData("allow", "deny", PolicyVerdict.Deny, "second")]
    public void Evaluate_AcrossPolicies_MostRestrictiveWins(string first, string second, PolicyVerdict expected, string decidedBy)
    {
        var set = TestPolicies.Set(EveryCall("first", first), EveryCall("second", second));

        var decision = set.Evaluate(Calls.Of("github.comment"));

        Assert.Equal((expected, decidedBy), (decision.Verdict, decision.Policy));
    }

    [Fact]
    public void Evaluate_AnotherTeamsAllow_CannotLoosenADeny()
    {
        var set = TestPolicies.Set(Zones, """
            name: team-sre
            rules:
              - name: we-restart-what-we-like
                match: {agents: [incident-responder]}
                decision: allow
            """);

        var decision = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"prod"}"""));

        Assert.Equal((PolicyVerdict.Deny, "zones", "restarts-are-denied"), (decision.Verdict, decision.Policy, decision.Rule));
    }

    [Fact]
    public void Evaluate_AllowByARule_NamesThatRuleOverAnotherPolicysDefault()
    {
        var set = TestPolicies.Set("name: quiet\n", """
            name: greens
            rules:
              - name: comments-are-green
                match: {tools: [github.comment]}
                decision: allow
            """);

        var decision = set.Evaluate(Calls.Of("github.comment"));

        Assert.Equal((PolicyVerdict.Allow, "greens", "comments-are-green"), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal("rule comments-are-green of policy greens: allow", decision.Reason);
    }

    [Fact]
    public void Evaluate_Approve_CarriesApproversExpiryAndOnExpiry()
    {
        var set = TestPolicies.Set("""
            name: zones
            rules:
              - name: prod-needs-approval
                decision: approve
                approvers: [U024BE7LH, alice]
                expiresIn: 15m
                onExpiry: allow
            """);

        var decision = set.Evaluate(Calls.Of("kubernetes.restart_workload"));

        Assert.Equal(PolicyVerdict.Approve, decision.Verdict);
        Assert.Equal(["U024BE7LH", "alice"], decision.Approvers);
        Assert.Equal(TimeSpan.FromMinutes(15), decision.ExpiresIn);
        Assert.Equal(PolicyVerdict.Allow, decision.OnExpiry);
        Assert.Equal("rule prod-needs-approval of policy zones: approve", decision.Reason);
    }

    [Fact]
    public void Evaluate_ApproveWithoutExpirySettings_WaitsAnHourThenDenies()
    {
        var policy = TestPolicies.Read("name: zones\nrules:\n  - {name: r, decision: approve, approvers: [oncall]}\n");

        var decision = PolicySet.From([policy]).Evaluate(Calls.Of("github.comment"));

        Assert.Equal((TimeSpan.FromHours(1), PolicyVerdict.Deny), (policy.Rules[0].ExpiresIn, policy.Rules[0].OnExpiry));
        Assert.Equal((TimeSpan.FromHours(1), PolicyVerdict.Deny), (decision.ExpiresIn!.Value, decision.OnExpiry!.Value));
    }

    [Fact]
    public void Evaluate_TwoApprovesTie_FirstPolicysApproversAndExpiryWin()
    {
        const string Sre = "name: sre\nrules:\n  - {name: r, decision: approve, approvers: [sre-lead], expiresIn: 30m}\n";
        const string Oncall = "name: oncall\nrules:\n  - {name: r, decision: approve, approvers: [oncall], expiresIn: 2h, onExpiry: allow}\n";

        var sreFirst = TestPolicies.Set(Sre, Oncall).Evaluate(Calls.Of("kubernetes.scale_workload"));
        var oncallFirst = TestPolicies.Set(Oncall, Sre).Evaluate(Calls.Of("kubernetes.scale_workload"));

        Assert.Equal(("sre", "sre-lead", TimeSpan.FromMinutes(30), PolicyVerdict.Deny),
            (sreFirst.Policy, Assert.Single(sreFirst.Approvers), sreFirst.ExpiresIn!.Value, sreFirst.OnExpiry!.Value));
        Assert.Equal(("oncall", "oncall", TimeSpan.FromHours(2), PolicyVerdict.Allow),
            (oncallFirst.Policy, Assert.Single(oncallFirst.Approvers), oncallFirst.ExpiresIn!.Value, oncallFirst.OnExpiry!.Value));
    }

    [Fact]
    public void Evaluate_DefaultApprove_UsesThePolicysApprovers()
    {
        var set = TestPolicies.Set("""
            name: everything-waits
            default: approve
            approvers: [oncall]
            expiresIn: 2d
            rules:
              - name: reads-are-green
                match: {tools: ['kubernetes.get']}
                decision: allow
            """);

        var read = set.Evaluate(Calls.Of("kubernetes.get"));
        var write = set.Evaluate(Calls.Of("kubernetes.restart_workload"));

        Assert.Equal(PolicyVerdict.Allow, read.Verdict);
        Assert.Equal((PolicyVerdict.Approve, null, "oncall", TimeSpan.FromDays(2), PolicyVerdict.Deny),
            (write.Verdict, write.Rule, Assert.Single(write.Approvers), write.ExpiresIn!.Value, write.OnExpiry!.Value));
    }

    [Fact]
    public void Evaluate_NonApproveVerdict_HasNoApprovalFields()
    {
        var decision = TestPolicies.Set(Zones).Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"prod"}"""));

        Assert.Equal(PolicyVerdict.Deny, decision.Verdict);
        Assert.Empty(decision.Approvers);
        Assert.Null(decision.ExpiresIn);
        Assert.Null(decision.OnExpiry);
    }

    [Fact]
    public void Evaluate_RuleWithoutMatch_MatchesEveryCall()
    {
        var set = TestPolicies.Set("name: lockdown\nrules:\n  - {name: everything, decision: deny}\n");

        var decision = set.Evaluate(new PolicyInput("any-agent", "any.tool", null, default, null, null, null, Calls.MondayMorning));

        Assert.Equal((PolicyVerdict.Deny, "everything"), (decision.Verdict, decision.Rule));
    }

    [Fact]
    public void Evaluate_UnknownFields_ConditionsOnThemDoNotMatch()
    {
        var set = TestPolicies.Set("""
            name: unknowns
            rules:
              - {name: on-target, match: {targets: ['*']}, decision: deny}
              - {name: on-event-type, match: {eventTypes: ['*']}, decision: deny}
              - {name: on-ingress, match: {ingress: [verified, cli]}, decision: deny}
              - {name: on-arguments, match: {arguments: [{path: $.x, exists: false}]}, decision: deny}
            """);

        var decision = set.Evaluate(new PolicyInput("incident-responder", "kubernetes.get", null, default, null, null, null, Calls.MondayMorning));

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
        Assert.Equal(
            [
                "unknowns: allow by default (no rule matched)",
                "unknowns/on-target: no match: target unknown",
                "unknowns/on-event-type: no match: event type unknown",
                "unknowns/on-ingress: no match: ingress unknown",
                "unknowns/on-arguments: no match: arguments unknown",
            ],
            decision.Explanation);
    }

    [Fact]
    public void Evaluate_Explanation_HasOneLinePerPolicyAndPerRuleEvaluated()
    {
        var set = TestPolicies.Set(
            """
            name: default-zones
            rules:
              - name: github-is-green
                match: {tools: [github.*]}
                decision: allow
              - name: prod-restarts-need-approval
                match:
                  tools: [kubernetes.restart_workload]
                  arguments: [{path: $.namespace, regex: '^prod'}]
                decision: approve
                approvers: [oncall]
              - name: never-reached
                decision: deny
            """,
            "name: empty-policy\n",
            """
            name: sre
            default: review
            rules:
              - name: scale-only
                match: {tools: [kubernetes.scale_workload]}
                decision: allow
            """);

        var decision = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"prod-eu"}"""));

        Assert.Equal((PolicyVerdict.Approve, "default-zones", "prod-restarts-need-approval"), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal(
            [
                "default-zones: approve by rule prod-restarts-need-approval",
                "default-zones/github-is-green: no match: tool 'kubernetes.restart_workload' matches none of [github.*]",
                "default-zones/prod-restarts-need-approval: match: approve",
                "empty-policy: allow by default (no rules)",
                "sre: review by default (no rule matched)",
                "sre/scale-only: no match: tool 'kubernetes.restart_workload' matches none of [kubernetes.scale_workload]",
            ],
            decision.Explanation);
    }

    [Fact]
    public void Evaluate_Explanation_NamesTheConditionThatDidNotHold()
    {
        var set = TestPolicies.Set("""
            name: default-zones
            rules:
              - name: prod-restarts-need-approval
                match:
                  tools: [kubernetes.restart_workload]
                  arguments: [{path: $.namespace, regex: '^prod'}]
                decision: approve
                approvers: [oncall]
            """);

        var decision = set.Evaluate(Calls.Of("kubernetes.restart_workload", """{"namespace":"staging"}"""));

        Assert.Contains("default-zones/prod-restarts-need-approval: no match: $.namespace 'staging' does not match ^prod", decision.Explanation);
    }

    private static string EveryCall(string name, string decision) =>
        $"name: {name}\nrules:\n  - {{name: r, decision: {decision}{(decision == "approve" ? ", approvers: [oncall]" : string.Empty)}}}\n";
}

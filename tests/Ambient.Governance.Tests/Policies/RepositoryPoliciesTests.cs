using System.Text.RegularExpressions;
using Ambient.Governance.Policies;
using Ambient.Governance.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Ambient.Governance.Tests.Policies;

/// <summary>
/// The repository's policies/ (default.yaml, samples.yaml) against calls the sample agents in agents/ really make: their
/// tool names, and arguments shaped as the built-in tools propose them, filled from the sample events in samples/events/.
/// </summary>
public sealed class RepositoryPoliciesTests
{
    private static readonly PolicySet s_policies = PolicySet.Load(System.IO.Path.Combine(RepositoryRoot.Path, "policies"));

    // The crash-looping pod of samples/events/k8s-warning-backoff.json, as incident-responder's crash-loop rule restarts it.
    private const string ShopRestart = """{"namespace":"shop","kind":"Pod","name":"checkout-7d9f8c6b5-x2k4q","reason":"BackOff x14: Back-off restarting failed container"}""";
    private const string ProdRestart = """{"namespace":"prod-eu","kind":"Deployment","name":"checkout","reason":"BackOff x14: Back-off restarting failed container"}""";

    [Fact]
    public void Load_RepositoryPolicies_DefaultZonesThenSamples()
    {
        Assert.Equal(["default-zones", "sample-agents"], s_policies.Documents.Select(document => document.Name));
        Assert.Equal(PolicyVerdict.Allow, s_policies.Documents[0].Default);
    }

    [Fact]
    public void Restart_OutsideProductionWithConfidence_IsGreen()
    {
        var decision = s_policies.Evaluate(Restart(ShopRestart, confidence: 0.9));

        Assert.Equal((PolicyVerdict.Allow, null), (decision.Verdict, decision.Policy));
    }

    [Fact]
    public void Restart_ModelStatedNoConfidence_IsReviewed()
    {
        var decision = s_policies.Evaluate(Restart(ShopRestart, confidence: null));

        Assert.Equal((PolicyVerdict.Review, "sample-agents", "unsure-restarts-reviewed"), (decision.Verdict, decision.Policy, decision.Rule));
    }

    [Fact]
    public void Restart_InProduction_WaitsForOnCall()
    {
        var decision = s_policies.Evaluate(Restart(ProdRestart, confidence: 0.95));

        Assert.Equal((PolicyVerdict.Approve, "default-zones", "prod-workload-changes-need-approval"), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal(["oncall"], decision.Approvers);
        Assert.Equal((TimeSpan.FromHours(1), PolicyVerdict.Deny), (decision.ExpiresIn!.Value, decision.OnExpiry!.Value));
        Assert.Equal("Restarting or scaling a production workload needs a yes from on call.", decision.Reason);
    }

    [Fact]
    public void Restart_InProductionAndUnsure_ApprovalOutranksReview()
    {
        var decision = s_policies.Evaluate(Restart(ProdRestart, confidence: null));

        Assert.Equal((PolicyVerdict.Approve, "default-zones"), (decision.Verdict, decision.Policy));
        Assert.Contains("sample-agents: review by rule unsure-restarts-reviewed", decision.Explanation);
    }

    [Fact]
    public void Restart_SaturdayInBerlin_FallsUnderTheChangeFreeze()
    {
        // Friday 23:30 UTC is Saturday 00:30 in Berlin.
        var decision = s_policies.Evaluate(Restart(ShopRestart, confidence: 0.9, at: new DateTimeOffset(2026, 12, 4, 23, 30, 0, TimeSpan.Zero)));

        Assert.Equal((PolicyVerdict.Approve, "sample-agents", "weekend-change-freeze"), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.Equal(["sre-lead"], decision.Approvers);
        Assert.Equal(TimeSpan.FromMinutes(30), decision.ExpiresIn);
    }

    [Theory]
    [InlineData("shop", 3, PolicyVerdict.Allow, null)]
    [InlineData("shop", 20, PolicyVerdict.Approve, "sample-agents")]
    [InlineData("prod", 3, PolicyVerdict.Approve, "default-zones")]
    [InlineData("prod", 20, PolicyVerdict.Approve, "default-zones")]
    public void Scale_ByNamespaceAndReplicas(string ns, int replicas, PolicyVerdict verdict, string? policy)
    {
        var arguments = $$"""{"namespace":"{{ns}}","kind":"Deployment","name":"checkout","replicas":{{replicas}},"reason":"queue depth"}""";

        var decision = s_policies.Evaluate(Calls.Of("kubernetes.scale_workload", arguments, target: "kubernetes",
            eventType: "io.prometheus.alert.firing", ingress: "alertmanager", confidence: 0.9));

        Assert.Equal((verdict, policy), (decision.Verdict, decision.Policy));
    }

    [Theory]
    [InlineData("github.add_labels", """{"repository":"Codertocat/Hello-World","issueNumber":1,"labels":["documentation","good first issue"]}""")]
    [InlineData("github.comment", """{"repository":"Codertocat/Hello-World","issueNumber":1,"body":"Thanks @Codertocat for reporting."}""")]
    public void Triage_LabelsAndComments_AreGreenByRule(string tool, string arguments)
    {
        var decision = s_policies.Evaluate(Triage(tool, arguments));

        Assert.Equal((PolicyVerdict.Allow, "default-zones", "github-labels-and-comments-are-green"), (decision.Verdict, decision.Policy, decision.Rule));
    }

    [Fact]
    public void Triage_PullRequestPlan_IsReviewed()
    {
        var decision = s_policies.Evaluate(Triage("github.propose_pull_request_plan",
            """{"repository":"Codertocat/Hello-World","issueNumber":1,"title":"docs: Spelling error in the README file","draft":true,"steps":["Find the passage"]}"""));

        Assert.Equal((PolicyVerdict.Review, "pull-request-plans-reviewed"), (decision.Verdict, decision.Rule));
        Assert.Equal("A maintainer should read the proposed pull request plan.", decision.Reason);
    }

    [Fact]
    public void SlackHelper_ReplyInTheSupportChannel_IsGreen()
    {
        var decision = s_policies.Evaluate(SlackReply("C0ONCALL"));

        Assert.Equal((PolicyVerdict.Allow, "slack-support-channels"), (decision.Verdict, decision.Rule));
    }

    [Fact]
    public void SlackHelper_ReplyInAnyOtherChannel_IsDeniedWithAReasonForTheModel()
    {
        var decision = s_policies.Evaluate(SlackReply("C0GENERAL"));

        Assert.Equal((PolicyVerdict.Deny, "sample-agents", "slack-other-channels-denied"), (decision.Verdict, decision.Policy, decision.Rule));
        Assert.StartsWith("Agents post only in the support channels", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("sample-agents/slack-support-channels: no match: $.channel 'C0GENERAL' is not one of [C0ONCALL, C0HELPDESK]", decision.Explanation);
    }

    [Theory]
    [InlineData("schedule", PolicyVerdict.Allow)]
    [InlineData("cli", PolicyVerdict.Deny)]
    public void WeeklyDigest_EmailIsSentOnlyForTheSchedulersTick(string ingress, PolicyVerdict verdict)
    {
        var input = Calls.Of("notify.send_email", """{"to":["admin@example.com"],"subject":"Weekly digest","body":"..."}""",
            agent: "weekly-digest", target: "email", eventType: "io.ambient.schedule.weekly-digest", ingress: ingress);

        Assert.Equal(verdict, s_policies.Evaluate(input).Verdict);
    }

    [Fact]
    public void IncidentReport_IsGreen()
    {
        var input = Calls.Of("notify.incident_report", """{"title":"Pod shop/checkout is crash-looping","severity":"critical"}""",
            target: "email", eventType: "io.k8s.event.BackOff", ingress: "kubernetes");

        Assert.Equal(PolicyVerdict.Allow, s_policies.Evaluate(input).Verdict);
    }

    [Fact]
    public void Policies_NameOnlyToolsThatExist()
    {
        // The runtime's effect tools (ProposingTool.Create("github.comment", ...)) and every tool an agent lists.
        var builtIn = Directory.EnumerateFiles(System.IO.Path.Combine(RepositoryRoot.Path, "src", "Ambient.Runtime", "Tools"), "*.cs")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), "ProposingTool\\.Create\\(\"([a-z_]+\\.[a-z_]+)\"").Select(match => match.Groups[1].Value));
        var agentTools = Directory.EnumerateFiles(System.IO.Path.Combine(RepositoryRoot.Path, "agents"), "*.yaml")
            .SelectMany(file => Sequence(Root(file), "tools"))
            .Concat(builtIn)
            .ToHashSet(StringComparer.Ordinal);
        var policyTools = s_policies.Documents
            .SelectMany(document => ((YamlSequenceNode)Root(document.SourceFile).Children[new YamlScalarNode("rules")]).Children)
            .OfType<YamlMappingNode>()
            .SelectMany(rule => rule.Children.TryGetValue(new YamlScalarNode("match"), out var match) ? Sequence((YamlMappingNode)match, "tools") : [])
            .ToList();

        Assert.NotEmpty(policyTools);
        Assert.All(policyTools, tool => Assert.Contains(tool, agentTools));
    }

    [Fact]
    public void ZonesOf_IncidentResponderRestart_EveryRedYellowAndGreenPathOfBothPolicies()
    {
        var zones = s_policies.ZonesOf("incident-responder", "kubernetes.restart_workload");

        Assert.Equal(
        [
            "approve when $.namespace matches ^prod (default-zones/prod-workload-changes-need-approval)",
            "allow otherwise (default of default-zones)",
            "approve when on sat, sun (Europe/Berlin) (sample-agents/weekend-change-freeze)",
            "review when confidence below 0.7 (or not stated) (sample-agents/unsure-restarts-reviewed)",
            "allow otherwise (default of sample-agents)",
        ], zones.Zones.Select(zone => zone.ToString()));
        Assert.Equal(RiskTier.Red, zones.Tier);
    }

    [Fact]
    public void ZonesOf_SlackReplies_GreenInTheSupportChannelsDeniedElsewhere()
    {
        var zones = s_policies.ZonesOf("slack-helper", "slack.reply_in_thread");

        Assert.Equal(
        [
            "allow always (default of default-zones)",
            "allow when $.channel is one of [C0ONCALL, C0HELPDESK] (sample-agents/slack-support-channels)",
            "deny otherwise (sample-agents/slack-other-channels-denied)",
        ], zones.Zones.Select(zone => zone.ToString()));
        Assert.Equal((RiskTier.Green, true), (zones.Tier, zones.CanBeDenied));
    }

    [Fact]
    public void Evaluate_Unexplained_DecidesAsExplained_WithoutTheLines()
    {
        // The worker judges every tool call unexplained; each zone of the repository's policies must come out the same.
        PolicyInput[] calls =
        [
            Restart(ShopRestart, confidence: 0.9), Restart(ShopRestart, confidence: null), Restart(ProdRestart, confidence: 0.95),
            Restart(ProdRestart, confidence: null), SlackReply("C0ONCALL"), SlackReply("C0ANNOUNCE"),
            Triage("github.add_labels", """{"repository":"acme/shop","issueNumber":1,"labels":["bug"]}"""),
            Triage("github.propose_pull_request_plan", """{"repository":"acme/shop","issueNumber":1,"title":"Fix","steps":["a"]}"""),
        ];

        foreach (var call in calls)
        {
            var explained = s_policies.Evaluate(call);
            var unexplained = s_policies.Evaluate(call, explain: false);

            Assert.Equal((explained.Verdict, explained.Policy, explained.Rule, explained.Reason, explained.ExpiresIn, explained.OnExpiry),
                (unexplained.Verdict, unexplained.Policy, unexplained.Rule, unexplained.Reason, unexplained.ExpiresIn, unexplained.OnExpiry));
            Assert.Equal(explained.Approvers, unexplained.Approvers);
            Assert.NotEmpty(explained.Explanation);
            Assert.Empty(unexplained.Explanation);
        }

        Assert.Equal(4, calls.Select(c => s_policies.Evaluate(c, explain: false).Verdict).Distinct().Count());
    }

    private static PolicyInput Restart(string arguments, double? confidence, DateTimeOffset? at = null) =>
        Calls.Of("kubernetes.restart_workload", arguments, target: "kubernetes", eventType: "io.k8s.event.BackOff",
            ingress: "kubernetes", confidence: confidence, at: at);

    private static PolicyInput Triage(string tool, string arguments) =>
        Calls.Of(tool, arguments, agent: "github-triage", target: "github", eventType: "com.github.issues.opened", ingress: "github");

    private static PolicyInput SlackReply(string channel) =>
        Calls.Of("slack.reply_in_thread", $$"""{"channel":"{{channel}}","threadTs":"1795420800.000100","text":"<@U0ALICE> routing this to the incident responder."}""",
            agent: "slack-helper", target: "slack", eventType: "com.slack.app_mention", ingress: "slack");

    private static YamlMappingNode Root(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(item => item.Value!)
            : [];
}

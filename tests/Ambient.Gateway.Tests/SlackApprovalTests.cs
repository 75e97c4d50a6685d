using System.Net;
using System.Text;
using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Gateway.Tests;

/// <summary>
/// Slack's approval buttons through the gateway's signed <c>/webhooks/slack/interactions</c>: a click by one of the
/// request's approvers answers it on the approvals topic (once); anyone else's click, a second click and an unsigned
/// request change nothing, and a click is never published as an event for agents.
/// </summary>
public sealed class SlackApprovalTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Click_ByAnApproverThenByOthers_ApprovesOnceAndRefusesTheRest()
    {
        var (gateway, approvals, topics) = await StartAsync();
        await using var _ = gateway;
        using var __ = approvals;
        var request = await RequestAsync(approvals, "run-s1", approvers: ["sre-lead", "U0OTHER"]);

        var stranger = await ClickAsync(gateway, request.Id, "ambient.approve", userId: "U0NOBODY", username: "mallory");
        var stillPending = await approvals.Desk.FindAsync(request.Id, Cancellation);
        var approver = await ClickAsync(gateway, request.Id, "ambient.approve", userId: "U0SRE", username: "sre-lead");
        var second = await ClickAsync(gateway, request.Id, "ambient.deny", userId: "U0OTHER", username: "other");
        var final = await approvals.Desk.FindAsync(request.Id, Cancellation);

        Assert.Equal(HttpStatusCode.OK, stranger.Status);
        Assert.StartsWith("Not answered: U0NOBODY is not an approver of " + request.Id, stranger.Text, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, stillPending.Status);
        Assert.Equal((HttpStatusCode.OK, $"approved {request.Id}: kubernetes.restart_workload of agent incident-responder (run run-s1) goes on."), (approver.Status, approver.Text));
        Assert.Contains("was already approved by sre-lead", second.Text, StringComparison.Ordinal);
        Assert.Equal((ApprovalStatus.Approved, "sre-lead", "slack", false), (final.Status, final.AnsweredBy, final.AnsweredVia, final.Override));
        Assert.Empty(TopicRecords.ReadAll(kafka.BootstrapServers, topics.Slack));
    }

    [Fact]
    public async Task Click_UnsignedOrWronglySigned_IsRefusedAndAnswersNothing()
    {
        var (gateway, approvals, _) = await StartAsync();
        await using var _ = gateway;
        using var __ = approvals;
        var request = await RequestAsync(approvals, "run-s2", approvers: ["U0SRE"]);
        var body = ClickBody(request.Id, "ambient.approve", "U0SRE", "sre-lead");

        using var unsigned = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack/interactions", body, Signing.Now(), "application/x-www-form-urlencoded",
            signature: "v0=" + new string('0', 64)), Cancellation);
        using var stale = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack/interactions", body, Signing.Now() - 3600, "application/x-www-form-urlencoded"), Cancellation);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unsigned.StatusCode, stale.StatusCode));
        Assert.Equal(ApprovalStatus.Pending, (await approvals.Desk.FindAsync(request.Id, Cancellation)).Status);
    }

    private async Task<(GatewayHarness Gateway, TestApprovals Approvals, GatewayTopicNames Topics)> StartAsync()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        var approvalsTopic = KafkaFixture.UniqueName("gw-approvals");
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = approvalsTopic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["cleanup.policy"] = "compact" } }]);
        }

        var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings => settings["Ambient:Topics:Approvals"] = approvalsTopic);
        return (gateway, new TestApprovals(kafka.BootstrapServers, approvalsTopic), topics);
    }

    private static async Task<ApprovalRecord> RequestAsync(TestApprovals approvals, string run, IReadOnlyList<string> approvers)
    {
        var arguments = JsonSerializer.SerializeToElement(new { @namespace = "prod-api", name = "api" });
        var now = TimeProvider.System.GetUtcNow();
        var request = new ApprovalRecord
        {
            Id = ApprovalIds.For(run, 1, 0, "kubernetes.restart_workload", arguments.GetRawText()), RunId = run, Agent = "incident-responder",
            Tool = "kubernetes.restart_workload", Arguments = arguments, Reason = "Production restarts need on call.", Approvers = approvers,
            RequestedAt = now, ExpiresAt = now.AddHours(1), Input = new ApprovalRunInput("ambient.events.cluster", 0, 0, "evt-1", "io.k8s.pod.crashloop"),
        };
        await approvals.Writer.WriteAsync(request, Cancellation);
        return request;
    }

    private static byte[] ClickBody(string approvalId, string actionId, string userId, string username)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            trigger_id = "13345224609.738474920.8088930838d88f008e0",
            team = new { id = "T0ACME" },
            channel = new { id = "C0ONCALL" },
            user = new { id = userId, username, name = username, team_id = "T0ACME" },
            actions = new[] { new { action_id = actionId, block_id = "approval", value = approvalId, type = "button" } },
        });
        return Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload));
    }

    private static async Task<(HttpStatusCode Status, string Text)> ClickAsync(GatewayHarness gateway, string approvalId, string actionId, string userId, string username)
    {
        using var response = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack/interactions", ClickBody(approvalId, actionId, userId, username), Signing.Now(),
            "application/x-www-form-urlencoded"), Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()! : body);
    }
}

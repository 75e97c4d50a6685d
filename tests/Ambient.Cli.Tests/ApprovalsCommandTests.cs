using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient approvals</c> as an operator runs it against the embedded broker: the requests workers wrote are listed
/// (also as JSON for scripts) and shown whole; an answer is written once, and a second, late or mistyped answer is refused.
/// </summary>
public sealed class ApprovalsCommandTests
{
    [Fact]
    public async Task ListShowApproveThenDeny_APendingRequest_IsApprovedOnceAndTheSecondAnswerRefused()
    {
        var directory = TestDirectories.Create("cli-approvals");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        using var approvals = new TestApprovals(broker.BootstrapServers, "ambient.approvals");
        var bootstrap = broker.BootstrapServers;
        var request = await WriteAsync(approvals, "run-1", expiresIn: TimeSpan.FromHours(1));

        var (listExit, listed) = await TopicsCommandTests.RunAsync(directory, "approvals", "list", "--json", "--bootstrap", bootstrap);
        var (showExit, shown) = await TopicsCommandTests.RunAsync(directory, "approvals", "show", request.Id, "--bootstrap", bootstrap);
        var (approveExit, approved) = await TopicsCommandTests.RunAsync(directory, "approvals", "approve", request.Id, "--reason", "looks right", "--as", "sre-lead", "--bootstrap", bootstrap);
        var (pendingExit, pending) = await TopicsCommandTests.RunAsync(directory, "approvals", "list", "--bootstrap", bootstrap);
        var (denyExit, denied) = await TopicsCommandTests.RunAsync(directory, "approvals", "deny", request.Id, "--bootstrap", bootstrap);
        var (historyExit, history) = await TopicsCommandTests.RunAsync(directory, "approvals", "list", "--all", "--json", "--bootstrap", bootstrap);

        Assert.Equal((0, 0, 0, 0, 8, 0), (listExit, showExit, approveExit, pendingExit, denyExit, historyExit));
        var item = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single();
        Assert.Equal((request.Id, "run-1", "incident-responder", "kubernetes.restart_workload", "pending"),
            (item.GetProperty("id").GetString(), item.GetProperty("runId").GetString(), item.GetProperty("agent").GetString(), item.GetProperty("tool").GetString(),
                item.GetProperty("status").GetString()));
        Assert.Equal("prod-api", item.GetProperty("arguments").GetProperty("namespace").GetString());
        Assert.True(item.GetProperty("expiresAt").GetDateTimeOffset() > TimeProvider.System.GetUtcNow());
        Assert.Contains("The api pods crash-loop since the deploy.", shown, StringComparison.Ordinal);
        Assert.Contains("prod-restarts of policy default-zones", shown, StringComparison.Ordinal);
        Assert.Contains($"approved {request.Id} (agent incident-responder, run run-1, kubernetes.restart_workload) as sre-lead", approved, StringComparison.Ordinal);
        Assert.DoesNotContain("override", approved, StringComparison.Ordinal);
        Assert.Contains("0 pending requests", pending, StringComparison.Ordinal);
        Assert.Contains($"{request.Id} was already approved by sre-lead", denied, StringComparison.Ordinal);
        var answered = JsonDocument.Parse(history).RootElement.EnumerateArray().Single();
        Assert.Equal(("approved", "sre-lead", "looks right", "cli"), (answered.GetProperty("status").GetString(), answered.GetProperty("answeredBy").GetString(),
            answered.GetProperty("answerReason").GetString(), answered.GetProperty("answeredVia").GetString()));
    }

    [Fact]
    public async Task Approve_AnExpiredUnknownOrMistypedRequest_IsRefusedSayingWhy()
    {
        var directory = TestDirectories.Create("cli-approvals");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        using var approvals = new TestApprovals(broker.BootstrapServers, "ambient.approvals");
        var bootstrap = broker.BootstrapServers;
        var expired = await WriteAsync(approvals, "run-2", expiresIn: TimeSpan.FromSeconds(-1));

        var (expiredExit, late) = await TopicsCommandTests.RunAsync(directory, "approvals", "approve", expired.Id, "--bootstrap", bootstrap);
        var (unknownExit, unknown) = await TopicsCommandTests.RunAsync(directory, "approvals", "approve", ApprovalIds.For("run-3", 1, 0, "x", "{}"), "--bootstrap", bootstrap);
        var (typoExit, typo) = await TopicsCommandTests.RunAsync(directory, "approvals", "deny", "apr-1234", "--bootstrap", bootstrap);
        var (overrideExit, overridden) = await TopicsCommandTests.RunAsync(directory, "approvals", "deny", (await WriteAsync(approvals, "run-4", TimeSpan.FromHours(1))).Id,
            "--as", "someone-else", "--bootstrap", bootstrap);

        Assert.Equal((8, 8, 8, 0), (expiredExit, unknownExit, typoExit, overrideExit));
        Assert.Contains("expired at", late, StringComparison.Ordinal);
        Assert.Contains("There is no approval request", unknown, StringComparison.Ordinal);
        Assert.Contains("'apr-1234' is not an approval id", typo, StringComparison.Ordinal);
        Assert.Contains("recorded as an override: someone-else is not among the rule's approvers (sre-lead)", overridden, StringComparison.Ordinal);
    }

    /// <summary>A request as the incident responder's worker writes it for a production restart.</summary>
    private static async Task<ApprovalRecord> WriteAsync(TestApprovals approvals, string run, TimeSpan expiresIn)
    {
        var arguments = JsonSerializer.SerializeToElement(new { @namespace = "prod-api", name = "api", kind = "Deployment" });
        var now = TimeProvider.System.GetUtcNow();
        var request = new ApprovalRecord
        {
            Id = ApprovalIds.For(run, 1, 0, "kubernetes.restart_workload", arguments.GetRawText()),
            RunId = run,
            Agent = "incident-responder",
            Tool = "kubernetes.restart_workload",
            Arguments = arguments,
            Reasoning = "The api pods crash-loop since the deploy.",
            Policy = "default-zones",
            Rule = "prod-restarts",
            Reason = "Production restarts need on call.",
            Approvers = ["sre-lead"],
            RequestedAt = now,
            ExpiresAt = now + expiresIn,
            Input = new ApprovalRunInput("ambient.events.cluster", 0, 3, "evt-9", "io.k8s.pod.crashloop"),
        };
        await approvals.Writer.WriteAsync(request, TestContext.Current.CancellationToken);
        return request;
    }
}

using System.Net;
using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Governance.Approvals;
using Ambient.Testing;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// <c>/approvals</c> over real HTTP: a pending request is shown with its context and answered by the operator's script;
/// a second answer, an answer that is neither approve nor deny, and a viewer's answer change nothing; the answer and the
/// audit name the console user; the request moves to the history.
/// </summary>
public sealed class ApprovalPagesTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PendingRequest_DeniedByTheOperator_OnceOnlyAndAudited()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        using var approvals = new TestApprovals(kafka.BootstrapServers, console.Topics.Approvals);
        var request = await RequestAsync(approvals);
        using var script = console.Script(ConsoleHarness.Token);
        using var viewer = console.Script(ConsoleHarness.ReadOnlyToken);
        await Eventually.UntilAsync(async () => (await viewer.GetStringAsync("/approvals", Cancellation)).Contains(request.Id, StringComparison.Ordinal), Cancellation);

        var pending = await viewer.GetStringAsync("/approvals", Cancellation);
        using var asViewer = await viewer.PostAsync($"/approvals/{request.Id}", Form(("answer", "approve")), Cancellation);
        using var neither = await script.PostAsync($"/approvals/{request.Id}", Form(("answer", "maybe")), Cancellation);
        using var denied = await script.PostAsync($"/approvals/{request.Id}", Form(("answer", "deny"), ("reason", "not during the incident")), Cancellation);
        using var again = await script.PostAsync($"/approvals/{request.Id}", Form(("answer", "approve")), Cancellation);
        var answered = (await approvals.WaitForAsync(r => r.Id == request.Id && !r.IsPending)).Single();
        var audit = AmbientRecordReader.Audit(TopicReads.First(kafka.BootstrapServers, console.Topics.Audit).Message.Value);
        var history = await viewer.GetStringAsync("/approvals", Cancellation);

        Assert.Contains("incident-responder wants <code>kubernetes.restart_workload</code>", pending, StringComparison.Ordinal);
        Assert.Contains("&quot;namespace&quot;: &quot;prod-api&quot;", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", pending, StringComparison.Ordinal); // the viewer sees no answer buttons
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((ApprovalStatus.Denied, "operator-token", "console", "not during the incident", true),
            (answered.Status, answered.AnsweredBy, answered.AnsweredVia, answered.AnswerReason, answered.Override));
        Assert.Equal(("incident-responder", request.Id, RunOutcomes.ConsolePrefix + "deny"), (audit.Agent, audit.RunId, audit.Outcome));
        Assert.Equal($"deny of {request.Id} by console:operator-token: not during the incident", audit.ReasoningSummary);
        Assert.Contains("<td>denied (override)</td><td>operator-token via console</td>", history, StringComparison.Ordinal);
        Assert.Contains("Nothing waits for an answer.", history, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<ApprovalRecord> RequestAsync(TestApprovals approvals)
    {
        var arguments = JsonSerializer.SerializeToElement(new { @namespace = "prod-api", name = "api" });
        var now = TimeProvider.System.GetUtcNow();
        var run = "incident-responder-00000000cafe0042";
        var request = new ApprovalRecord
        {
            Id = ApprovalIds.For(run, 1, 0, "kubernetes.restart_workload", arguments.GetRawText()), RunId = run, Agent = "incident-responder",
            Tool = "kubernetes.restart_workload", Arguments = arguments, Reason = "Production restarts need on call.", Approvers = ["oncall"],
            RequestedAt = now, ExpiresAt = now.AddHours(1), Input = new ApprovalRunInput("ambient.events.cluster", 0, 0, "evt-1", "io.k8s.pod.crashloop"),
        };
        await approvals.Writer.WriteAsync(request, Cancellation);
        return request;
    }
}

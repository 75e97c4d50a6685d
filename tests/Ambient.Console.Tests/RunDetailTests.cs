using System.Net;
using Ambient.Abstractions.Checkpoints;
using Ambient.Supervisor.Runs;
using Ambient.Testing;
using Ambient.Testing.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// <c>/runs/{id}</c> over real HTTP, for a run a real worker made of a published issue: its event and trace, every step,
/// the model's exchange, the tool calls and the actions; then a rollback asked from the page reaches the control topic
/// and the audit, naming the console user.
/// </summary>
public sealed class RunDetailTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOfAPublishedIssue_ShowsItsEventStepsExchangeAndActions_AndARollbackFromThePageIsRequestedAndAudited()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka, ("Ambient:Console:TraceUrl", "http://jaeger.internal:16686/trace/{traceId}"));
        await using var worker = await TriageWorker.StartAsync(kafka, console.Topics);
        var board = console.App.Services.GetRequiredService<RunBoard>();
        using var script = console.Script(ConsoleHarness.Token);

        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        await Eventually.UntilAsync(() => board.Runs("github-triage").Any(r => r.Status == CheckpointStatus.Succeeded), Cancellation);
        var run = board.Runs("github-triage").Single();
        var page = await script.GetStringAsync($"/runs/{run.RunId}", Cancellation);
        using var rollback = await script.PostAsync($"/runs/{run.RunId}/rollback", new FormUrlEncodedContent([new("to", "1"), new("reason", "labels were wrong")]), Cancellation);
        var command = ControlCommand.Decode(TopicReads.First(kafka.BootstrapServers, console.Topics.Control).Message.Value);
        var audit = AmbientRecordReader.Audit(TopicReads.First(kafka.BootstrapServers, console.Topics.Audit, m => AmbientRecordReader.Audit(m.Value).Outcome == "console-rollback").Message.Value);
        using var missing = await script.GetAsync("/runs/github-triage-0000000000000000", Cancellation);
        using var running = await script.PostAsync($"/runs/{run.RunId}/rollback", new FormUrlEncodedContent([new("to", "99")]), Cancellation);

        Assert.Contains("com.github.issues.opened from <code>https://github.com/acme/shop</code>", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"http://jaeger.internal:16686/trace/{TriageWorker.TraceId}\">{TriageWorker.TraceId}</a>", page, StringComparison.Ordinal);
        foreach (var step in new[] { "perceive", "reason", "act", "finish" })
        {
            Assert.Contains($"<td>{step}</td>", page, StringComparison.Ordinal);
        }

        Assert.Contains("<details class=\"exchange\"><summary>Model <code>", page, StringComparison.Ordinal);
        Assert.Contains("calls <code>github.add_labels</code>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>github add_labels</strong>", page, StringComparison.Ordinal);
        Assert.Contains("not executed yet", page, StringComparison.Ordinal); // no executor runs here
        Assert.Contains("<option value=\"1\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, rollback.StatusCode);
        Assert.StartsWith($"/runs/{run.RunId}?rollback=", rollback.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal((ControlCommand.Rollback, run.RunId, 1, "console:operator-token"), (command.Kind, command.RunId, command.ToStep, command.RequestedBy));
        Assert.Equal(("github-triage", run.RunId, "io.ambient.console.rollback"), (audit.Agent, audit.RunId, audit.EventType));
        Assert.Equal($"rollback of {run.RunId} by console:operator-token: labels were wrong", audit.ReasoningSummary);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, running.StatusCode);
    }
}

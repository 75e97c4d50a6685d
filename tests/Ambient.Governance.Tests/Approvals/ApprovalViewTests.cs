using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Governance.Tests.Approvals;

/// <summary>
/// A host's view of the approvals topic on a real broker: it holds each request as its outline and bytes, selects by the
/// outline, and hands out requests whole, as written, before and after an answer given through it (the gateway's way).
/// </summary>
public sealed class ApprovalViewTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task View_RequestsHeldAsOutlines_AreSelectedByTheirOutlineAndReadWhole()
    {
        var topic = await kafka.CreateTopicAsync("approvals", partitions: 1);
        var options = new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using var publisher = new KafkaRecordPublisher(Options.Create(options), NullLogger<KafkaRecordPublisher>.Instance);
        var writer = new ApprovalWriter(publisher, topic);
        var now = TimeProvider.System.GetUtcNow();
        var labels = Request(ApprovalIds.For("triage-run", 1, 0, "github.add_labels", "{}"), "triage", "ambient.events.github", 2, now);
        var restart = Request(ApprovalIds.For("responder-run", 1, 0, "github.add_labels", "{}"), "responder", "ambient.events.cluster", 0, now.AddSeconds(1));
        await writer.WriteAsync(labels, Cancellation);
        await writer.WriteAsync(restart, Cancellation);
        using var view = new ApprovalView(topic, options, new ApprovalBook(), NullLogger<ApprovalView>.Instance);
        await view.StartAsync(Cancellation);
        await view.CaughtUp.WaitAsync(Cancellation);

        var answered = await new ApprovalDesk(view, writer, TimeProvider.System).AnswerAsync(labels.Id, new ApprovalAnswer(true, "alice", "fine", "slack", ApproverRequired: true), Cancellation);
        var due = view.Book.Where(r => r.Agent == "triage" && !r.IsPending && r.InputTopic == "ambient.events.github" && r.InputPartition == 2);
        var pending = view.Book.Where(r => r.IsPending && !r.IsExpiredAt(now));
        var all = view.Book.All();
        await view.StopAsync(Cancellation);

        var found = Assert.Single(due);
        Assert.Equal((ApprovalStatus.Approved, "alice", "fine", "slack"), (found.Status, found.AnsweredBy, found.AnswerReason, found.AnsweredVia));
        Assert.Equal((answered.AnsweredAt, answered.Status), (found.AnsweredAt, found.Status));
        Assert.Equal((labels.RunId, labels.Tool, labels.Reasoning, labels.Policy, labels.Rule, labels.Reason, labels.RequestedAt, labels.ExpiresAt, labels.Input),
            (found.RunId, found.Tool, found.Reasoning, found.Policy, found.Rule, found.Reason, found.RequestedAt, found.ExpiresAt, found.Input));
        Assert.Equal(labels.Arguments.GetRawText(), found.Arguments.GetRawText());
        Assert.Equal(restart.Id, Assert.Single(pending).Id);
        Assert.Equal([restart.Id, labels.Id], all.Select(r => r.Id));
        Assert.Equal(restart.Reasoning, all[0].Reasoning);
        Assert.Equal(["maintainers", "alice"], all[0].Approvers);
    }

    private static ApprovalRecord Request(string id, string agent, string topic, int partition, DateTimeOffset at) => new()
    {
        Id = id,
        RunId = $"{agent}-run-{id}",
        Agent = agent,
        Tool = "github.add_labels",
        Arguments = JsonSerializer.SerializeToElement(new { labels = new[] { "documentation" }, issue = 7 }),
        Reasoning = "The issue is about the docs.",
        Policy = "labels",
        Rule = "need-a-maintainer",
        Reason = "A maintainer decides.",
        Approvers = ["maintainers", "alice"],
        RequestedAt = at,
        ExpiresAt = at.AddHours(1),
        Input = new ApprovalRunInput(topic, partition, 42, $"event-{id}", "com.github.issues.opened"),
    };
}

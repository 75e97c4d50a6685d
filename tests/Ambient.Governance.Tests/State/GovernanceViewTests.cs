using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Governance.Tests.State;

/// <summary>A host's view of the governance topic on a real broker: whole at start, then following every apply and delete without a restart.</summary>
public sealed class GovernanceViewTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task View_PoliciesAppliedBeforeAndAfterItStarts_AreInForceAndADeleteTakesOneOut()
    {
        var topic = await kafka.CreateTopicAsync("policy", partitions: 1);
        var options = new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using var publisher = new KafkaRecordPublisher(Options.Create(options), NullLogger<KafkaRecordPublisher>.Instance);
        var writer = new GovernanceWriter(publisher, topic);
        await writer.ApplyAsync(PolicyReader.Read("policies/first.yaml", "name: first\nrules:\n  - {name: r, match: {tools: [github.comment]}, decision: deny}\n"), Cancellation);
        using var view = new GovernanceView(topic, options, new GovernanceState(), NullLogger<GovernanceView>.Instance);

        await view.StartAsync(Cancellation);
        await view.CaughtUp.WaitAsync(Cancellation);
        var atStart = view.State.Current.Policies;
        await writer.ApplyAsync(PolicyReader.Read("policies/second.yaml", "name: second\ndefault: review\n"), Cancellation);
        await Eventually.UntilAsync(() => view.State.Current.Policies.Documents.Count == 2, Cancellation);
        await writer.DeleteAsync("first", Cancellation);
        await Eventually.UntilAsync(() => view.State.Current.Policies.Documents.Count == 1, Cancellation);
        await view.StopAsync(Cancellation);

        Assert.Equal(["first"], atStart.Documents.Select(p => p.Name));
        Assert.Equal(["second"], view.State.Current.Policies.Documents.Select(p => p.Name));
        var comment = new PolicyInput("triage", "github.comment", null, default, null, null, null, TimeProvider.System.GetUtcNow());
        Assert.Equal(PolicyVerdict.Deny, atStart.Evaluate(comment).Verdict);
        Assert.Equal(PolicyVerdict.Review, view.State.Current.Policies.Evaluate(comment).Verdict);
    }

    [Fact]
    public async Task Reader_ReadsTheTopicWholeOnce_AndAMissingTopicIsNamed()
    {
        var topic = await kafka.CreateTopicAsync("policy", partitions: 1);
        var options = new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using var publisher = new KafkaRecordPublisher(Options.Create(options), NullLogger<KafkaRecordPublisher>.Instance);
        await new GovernanceWriter(publisher, topic).ApplyAsync(PolicyReader.Read("p.yaml", "name: only\n"), Cancellation);

        var snapshot = await GovernanceReader.ReadAsync(options, topic, Cancellation);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => GovernanceReader.ReadAsync(options, KafkaFixture.UniqueName("no-policy"), Cancellation));

        Assert.Equal(["only"], snapshot.Policies.Documents.Select(p => p.Name));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }
}

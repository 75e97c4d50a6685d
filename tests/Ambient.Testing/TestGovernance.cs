using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Testing;

/// <summary>
/// Writes a test's governance topic as <c>ambient policy apply</c> and <c>ambient pause|resume</c> do, through a
/// producer of its own (disposed with it).
/// </summary>
public sealed class TestGovernance : IDisposable
{
    private readonly KafkaRecordPublisher _publisher;

    public TestGovernance(string bootstrapServers, string topic)
    {
        _publisher = new KafkaRecordPublisher(Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrapServers }), NullLogger<KafkaRecordPublisher>.Instance);
        Writer = new GovernanceWriter(_publisher, topic);
    }

    public GovernanceWriter Writer { get; }

    /// <summary>Puts the policy in <paramref name="yaml"/> in force (read as <c>policies/test.yaml</c>).</summary>
    public Task ApplyAsync(string yaml) => Writer.ApplyAsync(PolicyReader.Read("policies/test.yaml", yaml), TestContext.Current.CancellationToken);

    /// <summary>Pauses every agent and the executors, as <c>ambient pause --all</c>.</summary>
    public Task PauseAllAsync() =>
        Writer.PauseAsync(new PauseRecord(GovernanceKeys.AllAgents, "test", "tester", TimeProvider.System.GetUtcNow()), TestContext.Current.CancellationToken);

    /// <summary>Lifts the pause of every agent, as <c>ambient resume --all</c>.</summary>
    public Task ResumeAllAsync() => Writer.ResumeAsync(GovernanceKeys.AllAgents, TestContext.Current.CancellationToken);

    public void Dispose() => _publisher.Dispose();
}

using Ambient.Governance.Approvals;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Testing;

/// <summary>
/// A test's approvals topic, read and answered as <c>ambient approvals</c> does (the same <see cref="ApprovalDesk"/>),
/// through a producer of its own (disposed with it).
/// </summary>
public sealed class TestApprovals : IDisposable
{
    private readonly KafkaRecordPublisher _publisher;
    private readonly AmbientKafkaOptions _kafka;
    private readonly string _topic;

    public TestApprovals(string bootstrapServers, string topic)
    {
        _kafka = new AmbientKafkaOptions { BootstrapServers = bootstrapServers };
        _topic = topic;
        _publisher = new KafkaRecordPublisher(Options.Create(_kafka), NullLogger<KafkaRecordPublisher>.Instance);
        Writer = new ApprovalWriter(_publisher, topic);
        Desk = new ApprovalDesk(new TopicApprovalSource(_kafka, topic), Writer, TimeProvider.System);
    }

    public ApprovalWriter Writer { get; }

    public ApprovalDesk Desk { get; }

    /// <summary>The requests as the topic holds them now.</summary>
    public Task<ApprovalBook> ReadAsync(CancellationToken cancellationToken) => ApprovalBook.ReadAsync(_kafka, _topic, cancellationToken);

    /// <summary>Waits for <paramref name="count"/> requests <paramref name="which"/> selects to be on the topic and returns them, oldest first.</summary>
    public async Task<IReadOnlyList<ApprovalRecord>> WaitForAsync(Func<ApprovalRecord, bool> which, int count = 1)
    {
        List<ApprovalRecord> found = [];
        await Eventually.UntilAsync(async () =>
        {
            found = [.. (await ReadAsync(TestContext.Current.CancellationToken)).All().Where(which).OrderBy(r => r.RequestedAt)];
            return found.Count >= count;
        }, TestContext.Current.CancellationToken);
        return found;
    }

    /// <summary>Answers as an operator with the CLI would (<c>ambient approvals approve|deny</c>).</summary>
    public Task<ApprovalRecord> AnswerAsync(string id, bool approve, string by = "tester", string? reason = null) =>
        Desk.AnswerAsync(id, new ApprovalAnswer(approve, by, reason, "cli", ApproverRequired: false), TestContext.Current.CancellationToken);

    public void Dispose() => _publisher.Dispose();
}

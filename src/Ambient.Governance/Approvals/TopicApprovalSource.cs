using Ambient.Kafka.Configuration;

namespace Ambient.Governance.Approvals;

/// <summary>Reads the approvals topic whole for every question: what a short-lived process (the CLI) uses.</summary>
/// <param name="kafka">Where and as whom to read.</param>
/// <param name="topic">The approvals topic.</param>
public sealed class TopicApprovalSource(AmbientKafkaOptions kafka, string topic) : IApprovalSource
{
    /// <summary>Every request on the topic now.</summary>
    public Task<ApprovalBook> ReadAsync(CancellationToken cancellationToken) => ApprovalBook.ReadAsync(kafka, topic, cancellationToken);

    /// <inheritdoc/>
    public async Task<ApprovalRecord?> FindAsync(string id, CancellationToken cancellationToken) => (await ReadAsync(cancellationToken)).Find(id);

    /// <inheritdoc/>
    /// <remarks>A read to the end after an acknowledged write includes that write.</remarks>
    public Task<ApprovalRecord?> FindAnsweredAsync(string id, CancellationToken cancellationToken) => FindAsync(id, cancellationToken);
}

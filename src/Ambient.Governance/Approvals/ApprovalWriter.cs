using Ambient.Abstractions.Processing;

namespace Ambient.Governance.Approvals;

/// <summary>Writes approval records: requests (workers), answers (<c>ambient approvals</c>, the gateway), expiries (workers).</summary>
/// <param name="publisher">Writes and waits for the acknowledgement.</param>
/// <param name="topic">The approvals topic.</param>
public sealed class ApprovalWriter(IRecordPublisher publisher, string topic)
{
    /// <summary>The approvals topic.</summary>
    public string Topic => topic;

    /// <summary>Writes <paramref name="record"/> under its id; returns once acknowledged.</summary>
    public Task WriteAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return publisher.PublishAsync(new OutgoingRecord(topic, record.Id, ApprovalJson.Encode(record),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json", ["ambient-agent"] = record.Agent }), cancellationToken);
    }
}

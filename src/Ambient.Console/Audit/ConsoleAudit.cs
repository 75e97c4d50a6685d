using System.Globalization;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Audit;

/// <summary>
/// Each console action as a record on the audit topic, naming the user who took it, beside the record the action itself
/// writes (a pause on the governance topic, an answer on the approvals topic, a rollback command on the control topic).
/// Keyed by the agent it concerns; its outcome starts <c>console-</c>, which no run's does, and it has no agent version,
/// so drift summaries leave it out.
/// </summary>
internal sealed class ConsoleAudit(IRecordCodec<AuditRecord> audits, IRecordPublisher publisher, IOptions<AmbientTopics> topics, TimeProvider time)
{
    /// <summary>Writes that <paramref name="by"/> took <paramref name="act"/> on <paramref name="agent"/>, or on the run or request <paramref name="subject"/>.</summary>
    public async Task RecordAsync(string act, string agent, string by, string? reason, CancellationToken cancellationToken, string? subject = null)
    {
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"console-{act}-{now.ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}");
        var summary = $"{act} of {subject ?? agent} by {by}{(reason is null ? string.Empty : $": {reason}")}";
        var audit = new AuditRecord(subject ?? id, agent, id, $"io.ambient.console.{act}", RunOutcomes.ConsolePrefix + act, summary, [], [], 0, 0, "none", string.Empty, now);
        await publisher.PublishAsync(new OutgoingRecord(topics.Value.Audit, agent, await audits.EncodeAsync(audit, cancellationToken), new Dictionary<string, string>
        {
            [RecordFactory.AgentHeader] = agent,
            [RecordFactory.RunIdHeader] = audit.RunId,
            [RecordFactory.ContentTypeHeader] = audits.ContentType,
        }), cancellationToken);
    }
}

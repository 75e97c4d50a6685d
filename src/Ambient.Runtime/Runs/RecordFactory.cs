using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Turns action and audit records into outgoing records: values encoded by the configured codecs (framed Avro
/// from <c>AddAmbientAvro</c>, with its <c>content-type</c>), keyed by the entity of the event that caused them,
/// with headers consumers can route and filter on without decoding the value.
/// </summary>
/// <param name="actions">The codec of action records.</param>
/// <param name="audits">The codec of audit records.</param>
public sealed class RecordFactory(IRecordCodec<ActionRecord> actions, IRecordCodec<AuditRecord> audits)
{
    /// <summary>Header naming the system an action is for.</summary>
    public const string ActionTargetHeader = "ambient-action-target";

    /// <summary>Header with the action's deterministic id.</summary>
    public const string ActionIdHeader = "ambient-action-id";

    /// <summary>Header with the agent's name.</summary>
    public const string AgentHeader = "ambient-agent";

    /// <summary>Header with the run id.</summary>
    public const string RunIdHeader = "ambient-run-id";

    /// <summary>Header with the value's encoding.</summary>
    public const string ContentTypeHeader = "content-type";

    /// <summary>The record for a proposed action on the actions topic.</summary>
    /// <remarks>With a Schema Registry, the first record of a schema registers it; a registry outage throws and the event is retried.</remarks>
    public ValueTask<OutgoingRecord> ActionAsync(ActionRecord action, string? key, RunTopics topics, CancellationToken cancellationToken) =>
        ActionAsync(action, key, topics.Actions, cancellationToken);

    /// <summary>An action record for a given topic (the live actions topic, or the shadow topic of a replay).</summary>
    /// <remarks>An action a human approved carries the approval's id in header <see cref="ActionHeaders.ApprovalId"/>.</remarks>
    public async ValueTask<OutgoingRecord> ActionAsync(ActionRecord action, string? key, string topic, CancellationToken cancellationToken, string? approvalId = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var headers = new Dictionary<string, string>
        {
            [ActionTargetHeader] = action.Target,
            [ActionIdHeader] = action.Id,
            [AgentHeader] = action.Agent,
            [RunIdHeader] = action.RunId,
            [ContentTypeHeader] = actions.ContentType,
        };
        if (approvalId is not null)
        {
            headers[ActionHeaders.ApprovalId] = approvalId;
        }

        return new(topic, key, await actions.EncodeAsync(action, cancellationToken), headers);
    }

    /// <summary>The record for a decision on the audit topic.</summary>
    public async ValueTask<OutgoingRecord> AuditAsync(AuditRecord audit, string? key, RunTopics topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(topics);
        return new(topics.Audit, key, await audits.EncodeAsync(audit, cancellationToken), new Dictionary<string, string>
        {
            [AgentHeader] = audit.Agent,
            [RunIdHeader] = audit.RunId,
            [ContentTypeHeader] = audits.ContentType,
        });
    }
}

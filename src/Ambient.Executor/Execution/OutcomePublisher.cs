using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Avro.Serialization;
using Ambient.Kafka.CloudEvents;

namespace Ambient.Executor.Execution;

/// <summary>
/// Tells the world what became of an action: a CloudEvent <c>io.ambient.action.&lt;state&gt;</c> on the action events
/// topic (keyed like the action, so an agent subscribed to it sees the outcomes of one entity in order) and an audit
/// record. The event id is <c>&lt;action id&gt;/&lt;state&gt;</c>: published twice after a crash, it is still one event.
/// </summary>
internal sealed class OutcomePublisher(IRecordPublisher publisher, string eventsTopic, string auditTopic, AvroRecordCodec<AuditRecord> audits, TimeProvider time)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task PublishAsync(ActionRecord action, ActionOutcome outcome, string? key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var data = JsonSerializer.SerializeToUtf8Bytes(new
        {
            actionId = action.Id,
            runId = action.RunId,
            agent = action.Agent,
            target = action.Target,
            operation = action.Operation,
            state = outcome.State,
            externalId = outcome.ExternalId,
            link = outcome.Link,
            reason = outcome.Reason,
            retryable = outcome.State == Ledger.LedgerStates.Failed ? outcome.Retryable : (bool?)null,
            causedBy = new { eventId = action.EventId, eventType = action.EventType },
        }, s_json);
        var cloudEvent = new AmbientEvent($"{action.Id}/{outcome.State}", "ambient://executor", $"io.ambient.action.{outcome.State}", action.Id, now,
            "application/json", data) { Ingress = IngressKinds.Executor };
        var published = publisher.PublishAsync(CloudEventKafkaBinding.ToOutgoingRecord(cloudEvent, eventsTopic, key), cancellationToken);

        var audit = new AuditRecord(action.RunId, action.Agent, action.EventId, action.EventType, $"action-{outcome.State}",
            outcome.Reason ?? outcome.Link ?? outcome.ExternalId, [action.Id], [], 0, 0, "executor", string.Empty, now)
        {
            Decisions = outcome.Decision is { } decision ? [decision] : [],
            Confidence = StatedConfidence.In(action.ReasoningSummary),
        };
        var audited = publisher.PublishAsync(new OutgoingRecord(auditTopic, key, await audits.EncodeAsync(audit, cancellationToken), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ambient-agent"] = action.Agent,
            ["ambient-run-id"] = action.RunId,
            ["content-type"] = audits.ContentType,
        }), cancellationToken);

        // Both in flight at once: one round trip instead of two; the caller writes the final entry only after both were acknowledged.
        await Task.WhenAll(published, audited);
    }
}

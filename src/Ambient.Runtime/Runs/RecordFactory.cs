using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Topics;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Turns action and audit records into outgoing records: JSON values (Avro comes with its own issue),
/// keyed by the entity of the event that caused them, with headers consumers can route and filter on.
/// </summary>
public static class RecordFactory
{
    /// <summary>Header naming the system an action is for.</summary>
    public const string ActionTargetHeader = "ambient-action-target";

    /// <summary>Header with the action's deterministic id.</summary>
    public const string ActionIdHeader = "ambient-action-id";

    /// <summary>Header with the agent's name.</summary>
    public const string AgentHeader = "ambient-agent";

    /// <summary>Header with the run id.</summary>
    public const string RunIdHeader = "ambient-run-id";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The record for a proposed action on the actions topic.</summary>
    public static OutgoingRecord Action(ActionRecord action, string? key, AmbientTopics topics) =>
        Action(action, key, topics.Actions);

    /// <summary>An action record for a given topic (the live actions topic, or the shadow topic of a replay).</summary>
    public static OutgoingRecord Action(ActionRecord action, string? key, string topic) =>
        new(topic, key, JsonSerializer.SerializeToUtf8Bytes(action, s_json), new Dictionary<string, string>
        {
            [ActionTargetHeader] = action.Target,
            [ActionIdHeader] = action.Id,
            [AgentHeader] = action.Agent,
            [RunIdHeader] = action.RunId,
            ["content-type"] = "application/json",
        });

    /// <summary>The record for a decision on the audit topic.</summary>
    public static OutgoingRecord Audit(AuditRecord audit, string? key, AmbientTopics topics) =>
        new(topics.Audit, key, JsonSerializer.SerializeToUtf8Bytes(audit, s_json), new Dictionary<string, string>
        {
            [AgentHeader] = audit.Agent,
            [RunIdHeader] = audit.RunId,
            ["content-type"] = "application/json",
        });

    /// <summary>Reads an action record back (consumers, tests).</summary>
    public static ActionRecord ReadAction(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ActionRecord>(json, s_json) ?? throw new JsonException("The action record is empty.");

    /// <summary>Reads an audit record back (consumers, tests).</summary>
    public static AuditRecord ReadAudit(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, s_json) ?? throw new JsonException("The audit record is empty.");
}

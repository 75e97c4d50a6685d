namespace Ambient.Llm.Offline;

/// <summary>Conventions between the runtime and the offline model.</summary>
public static class OfflineModel
{
    /// <summary>The model id reported for offline runs.</summary>
    public const string ModelId = "offline";

    /// <summary>
    /// Key in <c>Kernel.Data</c> under which the runtime places the <see cref="Abstractions.Events.AmbientEvent"/>
    /// being processed, so the offline model can match rules against it without parsing the prompt.
    /// </summary>
    public const string EventDataKey = "ambient.event";

    /// <summary>
    /// Optional key in <c>Kernel.Data</c> for the event's data already parsed (a <see cref="System.Text.Json.JsonElement"/>),
    /// so a run parses its payload once rather than on every model call.
    /// </summary>
    public const string EventJsonKey = "ambient.event.json";

    /// <summary>
    /// Metadata key on the offline model's replies holding the name of the rule that produced them (null when
    /// no rule matched), for audit records.
    /// </summary>
    public const string RuleMetadataKey = "ambient.offline.rule";
}

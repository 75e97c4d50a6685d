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
    /// Metadata key on the offline model's replies holding the name of the rule that produced them (null when
    /// no rule matched), for audit records.
    /// </summary>
    public const string RuleMetadataKey = "ambient.offline.rule";
}

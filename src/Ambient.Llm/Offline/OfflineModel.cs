namespace Ambient.Llm.Offline;

/// <summary>Conventions between the runtime and the offline model.</summary>
public static class OfflineModel
{
    /// <summary>The model id reported for offline runs.</summary>
    public const string ModelId = "offline";
}

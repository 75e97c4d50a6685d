using System.Globalization;
using System.Text.Json;

namespace Ambient.Governance.Drift;

/// <summary>
/// One agent's behaviour on one UTC day under one version of its file: the record of the compacted drift topic, keyed
/// <c>agent/yyyy-MM-dd/version</c>. Written once the day is over, from the audit; the same day summarised twice gives
/// the same record, so replicas may each write it. Kept after the audit's retention, so a baseline can be months old.
/// </summary>
/// <param name="Agent">The agent's name.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Version">The agent's version (the audit's <c>promptHash</c>: a digest of its prompt and configuration).</param>
/// <param name="Profile">What the agent did that day under that version.</param>
public sealed record DailyDriftSummary(string Agent, DateOnly Day, string Version, DriftProfile Profile)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The record's key.</summary>
    public string Key => KeyOf(Agent, Day, Version);

    /// <summary>The key of an agent's day under a version.</summary>
    public static string KeyOf(string agent, DateOnly day, string version) =>
        $"{agent}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{version}";

    /// <summary>The record's value, JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>A summary read back, or null when the bytes are not one (a tombstone, another writer's record).</summary>
    public static DailyDriftSummary? FromJson(byte[]? value)
    {
        if (value is null or { Length: 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DailyDriftSummary>(value, s_json) is { Agent.Length: > 0, Version.Length: > 0, Profile: not null } summary ? summary : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

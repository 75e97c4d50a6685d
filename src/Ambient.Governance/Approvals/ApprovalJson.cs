using System.Text.Json;

namespace Ambient.Governance.Approvals;

/// <summary>How approval records are written on the topic and printed by <c>ambient approvals --json</c>: web JSON.</summary>
public static class ApprovalJson
{
    /// <summary>camelCase names, as the topic holds them.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The record's bytes on the topic.</summary>
    public static byte[] Encode(ApprovalRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

    /// <summary>The record in <paramref name="value"/>, or null with why it is not one.</summary>
    public static ApprovalRecord? Decode(byte[] value, out string? problem)
    {
        try
        {
            var record = JsonSerializer.Deserialize<ApprovalRecord>(value, Options);
            problem = record is null ? "null" : null;
            return record;
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return null;
        }
    }
}

using System.Text.Json;

namespace Ambient.Abstractions.Checkpoints;

/// <summary>JSON encoding of checkpoint and head records (Avro replaces it with the Avro issue).</summary>
public static class CheckpointCodec
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Encodes a step checkpoint.</summary>
    public static byte[] Encode(Checkpoint checkpoint) => JsonSerializer.SerializeToUtf8Bytes(checkpoint, s_json);

    /// <summary>Encodes a head record.</summary>
    public static byte[] Encode(RunHead head) => JsonSerializer.SerializeToUtf8Bytes(head, s_json);

    /// <summary>Decodes a step checkpoint.</summary>
    /// <exception cref="JsonException">The bytes are not a checkpoint.</exception>
    public static Checkpoint DecodeStep(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<Checkpoint>(json, s_json) ?? throw new JsonException("The checkpoint record is empty.");

    /// <summary>Decodes a head record.</summary>
    /// <exception cref="JsonException">The bytes are not a head record.</exception>
    public static RunHead DecodeHead(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RunHead>(json, s_json) ?? throw new JsonException("The run head record is empty.");
}

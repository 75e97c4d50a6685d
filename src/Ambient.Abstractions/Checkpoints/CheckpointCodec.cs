using Ambient.Abstractions.Serialization;

namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// The encoding of the checkpoints topic's two kinds of records: step checkpoints (<c>runId/stepIndex</c>)
/// and run heads (<c>runId</c>). Built on <see cref="IRecordCodec{T}"/>s (Avro, from <c>AddAmbientAvro</c>).
/// </summary>
/// <param name="steps">The codec of step checkpoints.</param>
/// <param name="heads">The codec of head records.</param>
public sealed class CheckpointCodec(IRecordCodec<Checkpoint> steps, IRecordCodec<RunHead> heads)
{
    /// <summary>The <c>content-type</c> header of checkpoint records.</summary>
    public string ContentType => steps.ContentType;

    /// <summary>Encodes a step checkpoint.</summary>
    public ValueTask<byte[]> EncodeAsync(Checkpoint checkpoint, CancellationToken cancellationToken = default) => steps.EncodeAsync(checkpoint, cancellationToken);

    /// <summary>Encodes a head record.</summary>
    public ValueTask<byte[]> EncodeAsync(RunHead head, CancellationToken cancellationToken = default) => heads.EncodeAsync(head, cancellationToken);

    /// <summary>Decodes a step checkpoint.</summary>
    /// <exception cref="RecordFormatException">The bytes are not a checkpoint.</exception>
    public ValueTask<Checkpoint> DecodeStepAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => steps.DecodeAsync(bytes, cancellationToken);

    /// <summary>Decodes a head record.</summary>
    /// <exception cref="RecordFormatException">The bytes are not a head record.</exception>
    public ValueTask<RunHead> DecodeHeadAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => heads.DecodeAsync(bytes, cancellationToken);
}

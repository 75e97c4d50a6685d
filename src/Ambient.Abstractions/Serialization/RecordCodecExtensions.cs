namespace Ambient.Abstractions.Serialization;

/// <summary>Decoding on a thread that may block: a reader's own loop.</summary>
public static class RecordCodecExtensions
{
    /// <summary>
    /// The value of <paramref name="bytes"/>, waited for. A codec completes synchronously once it knows the writer's
    /// schema, so only the first record of an unseen schema waits (on the registry).
    /// </summary>
    /// <exception cref="RecordFormatException">The bytes are not a readable record: retrying will not help.</exception>
    public static T Decode<T>(this IRecordCodec<T> codec, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var pending = codec.DecodeAsync(bytes, cancellationToken);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}

using Ambient.Avro;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;

namespace Ambient.Gateway.A2a;

/// <summary>
/// A compacted topic read as a table: the latest Avro value per key, kept current by a <see cref="TopicTail"/> from
/// the beginning (tombstones remove), bounded by <paramref name="capacity"/>. Any gateway replica answers from it.
/// </summary>
internal sealed class CompactedTable<T>(string topic, int capacity, AvroRecordCodec<T> codec, AmbientKafkaOptions kafka, ILogger logger) where T : class
{
    private readonly BoundedMap<T> _rows = new(capacity);
    private readonly TopicTail _tail = new(topic, fromEnd: false, kafka, logger);

    public string Topic => topic;

    /// <summary>Completes once every record present at start was read.</summary>
    public Task CaughtUp => _tail.CaughtUp;

    public T? Get(string key) => _rows.Get(key);

    public Task RunAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    private void Apply(TailRecord record)
    {
        if (record.Key is null)
        {
            return;
        }

        if (record.Value is null || record.Value.Length == 0)
        {
            _rows.Set(record.Key, null);
            return;
        }

        try
        {
            _rows.Set(record.Key, codec.Decode(record.Value));
        }
        catch (AvroSerializationException ex)
        {
            logger.LogUnreadable(topic, record.Key, ex.Message);
        }
    }
}

using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Tests;

public sealed class KafkaCheckpointLogTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadFromAsync_AnOffset_ReadsFromThereToTheEndAtTheStart()
    {
        var topic = await kafka.CreateTopicAsync("checkpoints", partitions: 2);
        var options = Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers });
        using var publisher = new KafkaRecordPublisher(options, NullLogger<KafkaRecordPublisher>.Instance);
        using var log = new KafkaCheckpointLog(publisher, AmbientRecordReader.Services.GetRequiredService<CheckpointCodec>(), options,
            Options.Create(new AmbientTopics { Checkpoints = topic }));
        await log.WriteAsync(1, [.. Enumerable.Range(0, 5).Select(i => new KeyValuePair<string, byte[]?>($"triage-a/{i}", [(byte)i]))], Cancellation);

        var all = await ReadAsync(log.ReadAsync(1, Cancellation));
        var since = await ReadAsync(log.ReadFromAsync(1, 3, Cancellation));
        var atEnd = await ReadAsync(log.ReadFromAsync(1, 5, Cancellation));
        var empty = await ReadAsync(log.ReadFromAsync(0, 0, Cancellation));

        Assert.Equal([0L, 1, 2, 3, 4], all.Select(r => r.Offset));
        Assert.Equal([("triage-a/3", 3L), ("triage-a/4", 4L)], since.Select(r => (r.Key, r.Offset)));
        Assert.Equal([3, 4], since.Select(r => (int)r.Value![0]));
        Assert.Empty(atEnd);
        Assert.Empty(empty);
    }

    private static async Task<List<CheckpointLogRecord>> ReadAsync(IAsyncEnumerable<CheckpointLogRecord> records)
    {
        var read = new List<CheckpointLogRecord>();
        await foreach (var record in records)
        {
            read.Add(record);
        }

        return read;
    }
}

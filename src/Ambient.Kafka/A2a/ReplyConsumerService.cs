using System.Text;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.A2a;

/// <summary>One record of the A2A replies topic addressed to the agent (its <c>ambient-agent</c> header).</summary>
/// <param name="Key">The requesting run id.</param>
/// <param name="Partition">The replies partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Headers">All headers.</param>
/// <param name="Value">The Avro value; null for a wait note.</param>
public sealed record ReplyRecord(string? Key, int Partition, long Offset, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, byte[]? Value)
{
    /// <summary>A header's text, or null.</summary>
    public string? Header(string name) => Headers.LastOrDefault(h => h.Key == name).Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}

/// <summary>
/// Reads the A2A replies topic for one agent (group <c>ambient-a2a-&lt;agent&gt;</c>): records whose
/// <c>ambient-agent</c> header names another agent are skipped without being decoded; the others go to
/// <paramref name="handle"/>, one at a time, and their offset is committed after it returns. Replies partition R
/// carries the replies and wait notes of the runs checkpointed in partition R (the topics are co-partitioned),
/// so <paramref name="assigned"/> lets the owner rebuild its timers; <paramref name="tick"/> runs between polls.
/// </summary>
public sealed class ReplyConsumerService(
    string agent,
    Func<IReadOnlyList<int>, CancellationToken, Task> assigned,
    Func<ReplyRecord, CancellationToken, Task> handle,
    Func<CancellationToken, Task> tick,
    AmbientKafkaOptions kafka,
    AmbientTopics topics,
    ILogger<ReplyConsumerService> logger) : BackgroundService
{
    /// <summary>The consumer group of an agent's replies consumer.</summary>
    public static string GroupIdFor(string agent) => $"ambient-a2a-{agent}";

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var config = KafkaClientConfigs.Consumer(kafka, GroupIdFor(agent));
        config.EnableAutoCommit = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        var newlyAssigned = new List<int>();
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetErrorHandler((_, error) => logger.LogReplyConsumerError(agent, error.Reason))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                lock (newlyAssigned)
                {
                    newlyAssigned.AddRange(partitions.Select(p => p.Partition.Value));
                }
            })
            .Build();
        consumer.Subscribe(topics.A2aReplies);
        CommandConsumerLoop.Run(consumer, TimeSpan.FromMilliseconds(200),
            async token =>
            {
                List<int> gained;
                lock (newlyAssigned)
                {
                    gained = [.. newlyAssigned];
                    newlyAssigned.Clear();
                }

                if (gained.Count > 0)
                {
                    await assigned(gained, token);
                }

                await tick(token);
            },
            (record, token) =>
            {
                var reply = new ReplyRecord(record.Message.Key, record.Partition.Value, record.Offset.Value, RecordHeaders.From(record.Message.Headers), record.Message.Value);
                return reply.Header(A2aKafka.AgentHeader) == agent ? handle(reply, token) : Task.CompletedTask;
            },
            error => logger.LogReplyConsumerError(agent, error.Reason), stoppingToken);
    }
}

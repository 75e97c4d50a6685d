using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka;
using Ambient.Kafka.Consumers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>One record of the A2A replies topic addressed to the agent (its <c>ambient-agent</c> header).</summary>
/// <param name="Key">The requesting run id.</param>
/// <param name="Partition">The replies partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Headers">All headers.</param>
/// <param name="Value">The Avro value; null for a wait note.</param>
public sealed record ReplyRecord(string? Key, int Partition, long Offset, IReadOnlyList<KeyValuePair<string, byte[]>> Headers, byte[]? Value)
{
    /// <summary>A header's text, or null.</summary>
    public string? Header(string name) => Headers.TextOf(name);
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
    ILogger<ReplyConsumerService> logger) : CommandConsumerService(GroupIdFor(agent), topics.A2aReplies, TimeSpan.FromMilliseconds(200), kafka)
{
    // Filled by the client's assignment callback (inside a poll), emptied between polls by the loop's thread.
    private readonly List<int> _newlyAssigned = [];

    /// <summary>The consumer group of an agent's replies consumer.</summary>
    public static string GroupIdFor(string agent) => $"ambient-a2a-{agent}";

    /// <inheritdoc/>
    protected override void Configure(ConsumerBuilder<string?, byte[]?> builder) =>
        builder.SetPartitionsAssignedHandler((_, partitions) =>
        {
            lock (_newlyAssigned)
            {
                _newlyAssigned.AddRange(partitions.Select(p => p.Partition.Value));
            }
        });

    /// <inheritdoc/>
    protected override async Task BeforePollAsync(CancellationToken stoppingToken)
    {
        List<int> gained;
        lock (_newlyAssigned)
        {
            gained = [.. _newlyAssigned];
            _newlyAssigned.Clear();
        }

        if (gained.Count > 0)
        {
            try
            {
                await assigned(gained, stoppingToken);
            }
            catch
            {
                // Their timers are rebuilt at the next poll.
                lock (_newlyAssigned)
                {
                    _newlyAssigned.InsertRange(0, gained);
                }

                throw;
            }
        }

        await tick(stoppingToken);
    }

    /// <inheritdoc/>
    protected override Task HandleAsync(ConsumeResult<string?, byte[]?> record, CancellationToken stoppingToken)
    {
        var reply = new ReplyRecord(record.Message.Key, record.Partition.Value, record.Offset.Value, RecordHeaders.From(record.Message.Headers), record.Message.Value);
        return reply.Header(A2aKafka.AgentHeader) == agent ? handle(reply, stoppingToken) : Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override void OnError(Error failure) => logger.LogReplyConsumerError(agent, failure.Reason);

    /// <inheritdoc/>
    protected override void OnFailure(Exception failure, bool retried) => logger.LogReplyFailed(failure, agent, retried ? "tried again" : "passed over", failure.Message);
}

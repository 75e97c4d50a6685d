using System.Globalization;
using Ambient.Abstractions.A2a;
using Ambient.Avro;
using Ambient.Avro.Serialization;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>
/// The requesting side of delegation for one agent, fed by <see cref="ReplyConsumerService"/>: final answers go
/// to the waiting run (<see cref="IDelegationWaits.ResolveAsync"/>), wait notes become timers that end the
/// step at its deadline (<see cref="IDelegationWaits.ExpireAsync"/>). Timers are rebuilt from the checkpoints
/// when a replies partition is assigned, so a restarted or rebalanced worker still ends every wait. Single-threaded:
/// the consumer calls one method at a time.
/// </summary>
public sealed class DelegationReplies(
    IDelegationWaits runs,
    AvroRecordCodec<A2aTaskStatusUpdate> statuses,
    AvroRecordCodec<A2aMessage> messages,
    TimeProvider time,
    ILogger<DelegationReplies> logger)
{
    private readonly PriorityQueue<(string RunId, int Partition), DateTimeOffset> _timers = new();

    /// <summary>Timers for the runs parked in newly assigned partitions.</summary>
    public async Task AssignedAsync(IReadOnlyList<int> partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            foreach (var (runId, deadline) in await runs.WaitingRunsAsync(partition, cancellationToken))
            {
                _timers.Enqueue((runId, partition), deadline);
            }
        }
    }

    /// <summary>Ends the waits whose deadline passed.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (_timers.TryPeek(out var due, out var deadline) && deadline <= now)
        {
            _timers.Dequeue();
            try
            {
                await runs.ExpireAsync(due.RunId, due.Partition, cancellationToken);
            }
            catch
            {
                // Kept, so the consumer's next tick tries again (it waits longer after each failure).
                _timers.Enqueue(due, deadline);
                throw;
            }
        }
    }

    /// <summary>One record addressed to this agent.</summary>
    public async Task HandleAsync(ReplyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Key is not { } runId || !int.TryParse(record.Header(A2aKafka.RunPartitionHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
        {
            logger.LogUnroutableReply(runs.Agent, record.Partition, record.Offset);
            return;
        }

        try
        {
            switch (record.Header(A2aKafka.EventHeader))
            {
                case A2aKafka.Wait when DateTimeOffset.TryParse(record.Header(A2aKafka.DeadlineHeader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deadline):
                    _timers.Enqueue((runId, partition), deadline);
                    break;

                case A2aKafka.StatusUpdate when record.Value is { } value:
                    var update = await statuses.DecodeAsync(value, cancellationToken);
                    if (A2aTaskStates.IsFinal(update.Status.State))
                    {
                        var text = update.Status.Message?.Text ?? update.Status.State;
                        await runs.ResolveAsync(new DelegationReply(runId, partition, update.TaskId, update.Status.State, text), cancellationToken);
                    }

                    break;

                case A2aKafka.MessageEvent when record.Value is { } value:
                    // A plain answer without a task ends the request like COMPLETED.
                    var message = await messages.DecodeAsync(value, cancellationToken);
                    var taskId = message.TaskId ?? record.Header(A2aKafka.TaskIdHeader) ?? string.Empty;
                    await runs.ResolveAsync(new DelegationReply(runId, partition, taskId, A2aTaskStates.Completed, message.Text), cancellationToken);
                    break;

                default:
                    // Artifact updates: the final status carries the answer the run needs.
                    break;
            }
        }
        catch (AvroSerializationException ex)
        {
            // A reply nobody can read cannot be waited for: the step ends at its deadline.
            logger.LogUnreadableReply(ex, runs.Agent, record.Partition, record.Offset, ex.Kind.ToString());
        }
    }
}

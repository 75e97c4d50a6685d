using System.Collections.Concurrent;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// Feeds one <see cref="IEventProcessor"/> from its own consumer group (<c>ambient-agent-&lt;name&gt;</c>,
/// classic protocol, cooperative-sticky). The poll loop runs on a dedicated thread and never waits for
/// processing: records go to one <see cref="PartitionWorker"/> per partition (order kept per key, or per
/// partition; runs in parallel up to the processor's concurrency), a partition with too much queued is
/// paused rather than the loop blocked, so long runs never trip <c>max.poll.interval.ms</c>.
/// At-least-once: an offset is stored only after its record's outputs were acknowledged, only from
/// the poll thread, and committed on revoke and close; nothing beyond processed work is committed.
/// </summary>
public sealed class EventConsumerService(
    IEventProcessor processor,
    IRecordPublisher publisher,
    AmbientKafkaOptions kafka,
    AmbientTopics topics,
    EventConsumerOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<EventConsumerService> logger) : BackgroundService
{
    private readonly ConcurrentQueue<TopicPartitionOffset> _completed = new();
    private readonly Dictionary<TopicPartition, PartitionWorker> _workers = [];
    private WorkerContext? _context;
    private volatile bool _assigned;

    /// <summary>The agent (processor) this service feeds.</summary>
    public string Name => processor.Name;

    /// <summary>
    /// True once the consumer joined its group and got an assignment (possibly empty: more replicas than partitions),
    /// until partitions are lost or the consumer closes. Readiness: a worker that cannot join its group does no work.
    /// </summary>
    public bool HasAssignment => _assigned;

    /// <summary>The consumer group of a processor.</summary>
    public static string GroupIdFor(IEventProcessor processor) => processor.ConsumerGroup ?? $"ambient-agent-{processor.Name}";

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var groupId = GroupIdFor(processor);
        _context = new WorkerContext(processor, groupId, publisher, topics.DeadLetter, options, new SemaphoreSlim(processor.MaxConcurrency), options.Ordering,
            _completed.Enqueue, time, logger)
        {
            Fatal = reason =>
            {
                logger.LogFatalConsumerError(processor.Name, reason);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            },
        };
        using var consumer = BuildConsumer(groupId);
        consumer.Subscribe(processor.Topics);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                StoreCompleted(consumer);
                ApplyFlowControl(consumer);
                ConsumeResult<string?, byte[]>? record;
                try
                {
                    record = consumer.Consume(options.PollInterval);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // E.g. a subscribed topic that does not exist yet: keep polling, it may be created.
                    logger.LogConsumerError(processor.Name, ex.Error.Reason);
                    continue;
                }

                if (record is { IsPartitionEOF: false } && _workers.TryGetValue(record.TopicPartition, out var worker))
                {
                    worker.Enqueue(record);
                }
            }
        }
        catch (ConsumeException ex) when (ex.Error.IsFatal)
        {
            logger.LogFatalConsumerError(processor.Name, ex.Error.Reason);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            _assigned = false;
            StopWorkers(consumer, [.. _workers.Keys], abandon: false);
            Close(consumer);
        }
    }

    private IConsumer<string?, byte[]> BuildConsumer(string groupId)
    {
        var config = KafkaClientConfigs.Consumer(kafka, groupId);
        config.ClientId = $"{kafka.ClientId}-{processor.Name}";
        config.EnableAutoOffsetStore = false;
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs ??= 1000;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        config.GroupProtocol = GroupProtocol.Classic;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        return new ConsumerBuilder<string?, byte[]>(config)
            .SetErrorHandler((_, error) => logger.LogConsumerError(processor.Name, error.Reason))
            .SetPartitionsAssignedHandler((_, assigned) => Assign(assigned))
            .SetPartitionsRevokedHandler((c, revoked) =>
            {
                var names = string.Join(", ", revoked);
                logger.LogRevoked(processor.Name, names);
                StopWorkers(c, [.. revoked.Select(r => r.TopicPartition)], abandon: false);
                Commit(c);
            })
            .SetPartitionsLostHandler((c, lost) =>
            {
                var names = string.Join(", ", lost);
                logger.LogLost(processor.Name, names);
                _assigned = false;
                StopWorkers(c, [.. lost.Select(l => l.TopicPartition)], abandon: true);
            })
            .Build();
    }

    private void Assign(List<TopicPartition> assigned)
    {
        var names = string.Join(", ", assigned);
        logger.LogAssigned(processor.Name, names);
        foreach (var partition in assigned)
        {
            _workers[partition] = new PartitionWorker(partition, _context!);
        }

        processor.PartitionsAssigned([.. assigned.Select(p => (p.Topic, p.Partition.Value))]);
        _assigned = true;
    }

    /// <summary>Stops workers (letting runs in flight finish within the drain timeout), then stores what they finished.</summary>
    private void StopWorkers(IConsumer<string?, byte[]> consumer, List<TopicPartition> partitions, bool abandon)
    {
        var stopping = partitions
            .Where(_workers.ContainsKey)
            .Select(p => abandon ? _workers[p].AbortAsync() : _workers[p].StopAsync(options.DrainTimeout))
            .ToArray();

        // Rebalance callbacks run on the poll thread inside Consume, which is where blocking belongs here.
        Task.WaitAll(stopping);
        if (!abandon)
        {
            StoreCompleted(consumer);
        }

        foreach (var partition in partitions)
        {
            if (_workers.Remove(partition, out var worker))
            {
                worker.Dispose();
            }
        }

        processor.PartitionsRevoked([.. partitions.Select(p => (p.Topic, p.Partition.Value))]);
    }

    private void StoreCompleted(IConsumer<string?, byte[]> consumer)
    {
        while (_completed.TryDequeue(out var done))
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(done.TopicPartition, done.Offset + 1));
            }
            catch (KafkaException)
            {
                // No longer assigned: the new owner reprocesses from the last commit (at-least-once).
            }
        }
    }

    private void ApplyFlowControl(IConsumer<string?, byte[]> consumer)
    {
        // A paused processor (the kill switch) fetches nothing: its records wait on the topic, not in memory.
        var held = processor.IsPaused;
        foreach (var worker in _workers.Values)
        {
            if (!worker.IsPaused && (held || worker.Queued >= options.MaxQueuedPerPartition || worker.QueuedBytes >= options.MaxQueuedBytesPerPartition))
            {
                consumer.Pause([worker.Partition]);
                worker.IsPaused = true;
            }
            else if (worker.IsPaused && !held && worker.Queued <= options.MaxQueuedPerPartition / 2 && worker.QueuedBytes <= options.MaxQueuedBytesPerPartition / 2)
            {
                consumer.Resume([worker.Partition]);
                worker.IsPaused = false;
            }
        }
    }

    private void Commit(IConsumer<string?, byte[]> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing new to commit.
        }
        catch (KafkaException ex)
        {
            logger.LogCommitFailed(processor.Name, ex.Error.Reason);
        }
    }

    private void Close(IConsumer<string?, byte[]> consumer)
    {
        Commit(consumer);
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            logger.LogCommitFailed(processor.Name, ex.Error.Reason);
        }
    }
}

using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;

namespace Ambient.Kafka.Consumers;

/// <summary>
/// A consumer of one topic in its own group that handles records one at a time and commits each after its handler
/// returns (the control and A2A replies consumers): the group, the client settings and the thread are set up here,
/// the poll loop is <see cref="CommandConsumerLoop"/>. Offsets start at the earliest record for a new group, so a
/// command written before any worker started is still handled.
/// </summary>
/// <param name="groupId">The consumer group.</param>
/// <param name="topic">The topic it subscribes to.</param>
/// <param name="poll">How long one poll waits, which is also how often <see cref="BeforePollAsync"/> runs.</param>
/// <param name="kafka">Client settings.</param>
public abstract class CommandConsumerService(string groupId, string topic, TimeSpan poll, AmbientKafkaOptions kafka) : BackgroundService
{
    /// <inheritdoc/>
    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: the loop gets a thread of its own rather than a thread-pool thread.
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Handles one record; it is committed when this returns.</summary>
    protected abstract Task HandleAsync(ConsumeResult<string?, byte[]?> record, CancellationToken stoppingToken);

    /// <summary>Work between polls (timers, newly assigned partitions); nothing by default.</summary>
    protected virtual Task BeforePollAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Adds handlers (e.g. for assignments) to the consumer being built.</summary>
    protected virtual void Configure(ConsumerBuilder<string?, byte[]?> builder)
    {
    }

    /// <summary>Reports a consume error the client recovers from.</summary>
    protected abstract void OnError(Error failure);

    /// <summary>
    /// Reports a failure of <see cref="BeforePollAsync"/> or <see cref="HandleAsync"/>: a dependency's is tried again
    /// (<paramref name="retried"/>), the loop goes on either way.
    /// </summary>
    protected abstract void OnFailure(Exception failure, bool retried);

    private void Run(CancellationToken stoppingToken)
    {
        var config = KafkaClientConfigs.Consumer(kafka, groupId);
        config.EnableAutoCommit = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        var builder = new ConsumerBuilder<string?, byte[]?>(config).SetErrorHandler((_, failure) => OnError(failure));
        Configure(builder);
        using var consumer = builder.Build();
        consumer.Subscribe(topic);
        CommandConsumerLoop.Run(consumer, poll, BeforePollAsync, HandleAsync, OnError, OnFailure, stoppingToken);
    }
}

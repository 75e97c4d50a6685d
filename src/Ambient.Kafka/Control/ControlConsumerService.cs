using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Control;

/// <summary>
/// Reads operator commands for one agent from the control topic (group <c>ambient-control-&lt;agent&gt;</c>, so
/// exactly one worker of the agent handles each command) and hands them to <paramref name="handle"/>. The
/// offset is committed only after the handler returns, so a worker that dies mid-command leaves it to the
/// next; handlers must be idempotent (a rollback recognises its own command id). Commands the handler
/// refuses, and records that are not commands, are logged and skipped.
/// </summary>
public sealed class ControlConsumerService(
    string agent,
    Func<ControlCommand, CancellationToken, Task> handle,
    AmbientKafkaOptions kafka,
    AmbientTopics topics,
    ILogger<ControlConsumerService> logger) : BackgroundService
{
    /// <summary>The consumer group of an agent's control consumer.</summary>
    public static string GroupIdFor(string agent) => $"ambient-control-{agent}";

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var config = KafkaClientConfigs.Consumer(kafka, GroupIdFor(agent));
        config.EnableAutoCommit = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetErrorHandler((_, error) => logger.LogControlConsumerError(agent, error.Reason))
            .Build();
        consumer.Subscribe(topics.Control);
        CommandConsumerLoop.Run(consumer, TimeSpan.FromMilliseconds(500), _ => Task.CompletedTask,
            (record, token) => record.Message.Value is { } value ? HandleAsync(value, record.TopicPartitionOffset, token) : Task.CompletedTask,
            error => logger.LogControlConsumerError(agent, error.Reason), stoppingToken);
    }

    private async Task HandleAsync(byte[] value, TopicPartitionOffset at, CancellationToken stoppingToken)
    {
        ControlCommand command;
        try
        {
            command = ControlCommand.Decode(value);
        }
        catch (JsonException ex)
        {
            logger.LogControlRecordInvalid(agent, at.ToString(), ex.Message);
            return;
        }

        if (command.Agent != agent)
        {
            return;
        }

        try
        {
            logger.LogControlCommand(agent, command.Kind, command.RunId, command.Id);
            await handle(command, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogControlCommandFailed(agent, command.Kind, command.RunId, command.Id, ex.Message);
        }
    }
}

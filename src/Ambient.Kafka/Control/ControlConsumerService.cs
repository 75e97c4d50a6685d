using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Confluent.Kafka;
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
    ILogger<ControlConsumerService> logger) : CommandConsumerService(GroupIdFor(agent), topics.Control, TimeSpan.FromMilliseconds(500), kafka)
{
    /// <summary>The consumer group of an agent's control consumer.</summary>
    public static string GroupIdFor(string agent) => $"ambient-control-{agent}";

    /// <inheritdoc/>
    protected override Task HandleAsync(ConsumeResult<string?, byte[]?> record, CancellationToken stoppingToken) =>
        record.Message.Value is { } value ? HandleAsync(value, record.TopicPartitionOffset, stoppingToken) : Task.CompletedTask;

    /// <inheritdoc/>
    protected override void OnError(Error failure) => logger.LogControlConsumerError(agent, failure.Reason);

    /// <inheritdoc/>
    protected override void OnFailure(Exception failure, bool retried) => logger.LogControlConsumerError(agent, failure.Message);

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

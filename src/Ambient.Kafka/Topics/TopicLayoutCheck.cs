using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Kafka.Topics;

/// <summary>
/// Checks the topics a host (the worker, the executor) uses before anything consumes or writes (it is the first hosted
/// service after the health endpoint): a topic that is missing, a checkpoints or ledger topic with fewer partitions
/// than its input or without compaction, stops the start with one error naming each topic, what it has, what it needs
/// and the fix. Kafka being unreachable is not the layout's fault: the check waits for it (the host is live but not
/// ready meanwhile).
/// </summary>
/// <param name="validator">Reads the topics' partitions and cleanup policies.</param>
/// <param name="requirements">What the host needs.</param>
/// <param name="host">The host's name in messages: <c>worker</c>, <c>executor</c>.</param>
/// <param name="repairCommand">The command that fixes what is found, quoted in the error.</param>
/// <param name="time">Clock for the waits while Kafka is unreachable.</param>
/// <param name="logger">Where the refusal and the warnings go.</param>
public sealed partial class TopicLayoutCheck(TopicLayoutValidator validator, TopicRequirements requirements, string host, string repairCommand, TimeProvider time,
    ILogger<TopicLayoutCheck> logger) : IHostedService
{
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(30);

    /// <summary>Checks, waiting for Kafka as long as it is unreachable.</summary>
    /// <exception cref="TopicLayoutException">A topic is missing or not as the host needs it; the message names each and the fix.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await CheckAsync(cancellationToken);
        foreach (var warning in report.Warnings)
        {
            LogNotChecked(logger, warning);
        }

        if (!report.IsValid)
        {
            var message = $"The {host} does not start. {report.Describe(repairCommand)}";
            LogRefused(logger, message);
            throw new TopicLayoutException(message);
        }

        LogChecked(logger, requirements.Topics.Count, host, report.BootstrapServers);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<TopicLayoutReport> CheckAsync(CancellationToken cancellationToken)
    {
        for (var delay = TimeSpan.FromSeconds(1); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_longestWait.Ticks)))
        {
            try
            {
                return await validator.CheckAsync(requirements, cancellationToken);
            }
            catch (KafkaOperationException ex) when (!ex.IsFatal)
            {
                LogKafkaUnreachable(logger, ex.Message, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic layout: {Warning}")]
    private static partial void LogNotChecked(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot check the topics yet, trying again in {Delay}: {Reason}")]
    private static partial void LogKafkaUnreachable(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Topics} topics the {Host} uses are as it needs them at {BootstrapServers}")]
    private static partial void LogChecked(ILogger logger, int topics, string host, string bootstrapServers);
}

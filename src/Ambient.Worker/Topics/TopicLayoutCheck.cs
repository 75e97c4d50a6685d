using Ambient.Kafka;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Topics;

/// <summary>
/// Checks the topics the worker uses before anything consumes or writes (it is the first hosted service after the
/// health endpoint): a topic that is missing, a checkpoints topic with fewer partitions than an input or without
/// compaction, stops the start with one error naming each topic, what it has, what it needs and the fix. Kafka being
/// unreachable is not the layout's fault: the check waits for it (the worker is live but not ready meanwhile).
/// </summary>
internal sealed partial class TopicLayoutCheck(TopicLayoutValidator validator, TopicRequirements requirements, string repairCommand, TimeProvider time,
    ILogger<TopicLayoutCheck> logger) : IHostedService
{
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await CheckAsync(cancellationToken);
        foreach (var warning in report.Warnings)
        {
            LogNotChecked(logger, warning);
        }

        if (!report.IsValid)
        {
            var message = $"The worker does not start. {report.Describe(repairCommand)}";
            LogRefused(logger, message);
            throw new TopicLayoutException(message);
        }

        LogChecked(logger, requirements.Topics.Count, report.BootstrapServers);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Topics} topics the worker uses are as it needs them at {BootstrapServers}")]
    private static partial void LogChecked(ILogger logger, int topics, string bootstrapServers);
}

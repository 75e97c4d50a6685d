using Ambient.Runtime.Checkpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Checkpoints;

/// <summary>
/// Tombstones the checkpoints of an agent's finished runs once they are past the retention (and so
/// outside the rollback window), on the partitions this worker owns, every sweep interval.
/// </summary>
internal sealed partial class CheckpointSweeper(CheckpointStore store, string agent, TimeProvider time, ILogger<CheckpointSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(store.Options.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await store.SweepAsync(stoppingToken);
                if (removed > 0)
                {
                    LogSwept(logger, agent, removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next sweep tries again; nothing is lost by waiting.
                LogSweepFailed(logger, agent, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}: tombstoned {Runs} finished runs past their retention")]
    private static partial void LogSwept(ILogger logger, string agent, int runs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: checkpoint sweep failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string agent, string reason);
}

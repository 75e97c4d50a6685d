using Ambient.Runtime.Schedules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Schedules;

/// <summary>
/// Sends the weekly digest tick at the configured day and time (UTC) while
/// <c>Ambient:Schedules:WeeklyDigest:Enabled</c> is true. Enable it in one process only.
/// </summary>
internal sealed class WeeklyDigestScheduler(
    WeeklyDigestPublisher publisher,
    IOptions<WeeklyDigestOptions> options,
    TimeProvider time,
    ILogger<WeeklyDigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = options.Value.NextAfter(time.GetUtcNow());
            logger.LogNextDigest(next);
            try
            {
                await Task.Delay(next - time.GetUtcNow(), time, stoppingToken);
                var tick = await publisher.PublishAsync(time.GetUtcNow(), stoppingToken);
                logger.LogDigestPublished(tick.Id);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A broker outage at send time skips one digest, it must not stop the worker.
                logger.LogDigestFailed(ex);
            }
        }
    }
}

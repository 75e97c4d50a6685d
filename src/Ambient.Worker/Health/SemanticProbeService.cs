using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;
using Ambient.Runtime.Health;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Health;

/// <summary>
/// Runs the semantic probe of every agent of this worker that has one, on its schedule. When an agent turns unhealthy
/// (or healthy again) the change is logged and audited (outcome <c>unhealthy</c> or <c>healthy</c>, event type
/// <c>io.ambient.agent.unhealthy</c> or <c>.healthy</c>); the gate (<see cref="Governance.GovernanceRunGate"/>) holds the
/// agent's events and runs meanwhile. Each replica probes for itself: a replica cut off from the model stops, the others go on.
/// </summary>
internal sealed partial class SemanticProbeService(
    IReadOnlyList<AgentRunner> runners, AgentHealth health, IRecordPublisher publisher, RecordFactory records, RunTopics topics, TimeProvider time,
    ILogger<SemanticProbeService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(runners.Where(r => r.Agent.HealthProbe is not null).Select(r => ProbeAsync(r, stoppingToken)));

    private async Task ProbeAsync(AgentRunner runner, CancellationToken stoppingToken)
    {
        var probe = runner.Agent.HealthProbe!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await runner.ProbeAsync(stoppingToken) is { } result
                    && health.Record(runner.Name, result.Healthy, result.Detail, probe.FailureThreshold, probe.SuccessThreshold) is { } healthy)
                {
                    await ReportAsync(runner, healthy, result.Detail, stoppingToken);
                }

                await Task.Delay(probe.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Kafka away while auditing the change: the state stands; tried again at the next probe.
                LogProbeFailed(logger, ex, runner.Name);
                await Task.Delay(probe.Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ReportAsync(AgentRunner runner, bool healthy, string detail, CancellationToken cancellationToken)
    {
        if (healthy)
        {
            LogHealthy(logger, runner.Name);
        }
        else
        {
            LogUnhealthy(logger, runner.Name, detail);
        }

        var now = time.GetUtcNow();
        var outcome = healthy ? RunOutcomes.Healthy : RunOutcomes.Unhealthy;
        var id = $"probe-{runner.Name}-{now.ToUnixTimeMilliseconds()}";
        var summary = healthy
            ? "The semantic probe answered as expected again: the agent takes events again."
            : $"The semantic probe failed {runner.Agent.HealthProbe!.FailureThreshold} times in a row ({detail}): the agent takes no new events and its runs wait.";
        var audit = new AuditRecord(id, runner.Name, id, $"io.ambient.agent.{outcome}", outcome, summary, [], [], 0, 0, runner.Agent.Model.ModelId ?? runner.Agent.Model.Provider,
            runner.Agent.Version, now);
        await publisher.PublishAsync(await records.AuditAsync(audit, runner.Name, topics, cancellationToken), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} is unhealthy: its semantic probe {Detail}; it takes no new events until the probe answers well again")]
    private static partial void LogUnhealthy(ILogger logger, string agent, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} is healthy again: its semantic probe answers as expected; it takes events again")]
    private static partial void LogHealthy(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: the semantic probe's change could not be audited; trying again at the next probe")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception, string agent);
}

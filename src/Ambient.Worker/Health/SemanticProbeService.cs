using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.CloudEvents;
using Ambient.Llm;
using Ambient.Runtime.Health;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Health;

/// <summary>
/// Runs the semantic probe of every agent of this worker that has one, on its schedule. When an agent turns unhealthy
/// (or healthy again) the change is logged, announced on the agent events topic and audited (outcome <c>unhealthy</c> or <c>healthy</c>, event type
/// <c>io.ambient.agent.unhealthy</c> or <c>.healthy</c>); the gate (<see cref="Governance.GovernanceRunGate"/>) holds the
/// agent's events and runs meanwhile. Each replica probes for itself: a replica cut off from the model stops, the others go on.
/// For an agent with <c>onFallback: pause</c> it also watches for its own model being out (a run's call found it so): the
/// agent is held, audited as unhealthy, and its model tried every <c>ModelTrialInterval</c> until it answers.
/// </summary>
internal sealed partial class SemanticProbeService(
    IReadOnlyList<AgentRunner> runners, AgentHealth health, IRecordPublisher publisher, RecordFactory records, RunTopics topics, TimeSpan trialInterval,
    TimeProvider time, ILogger<SemanticProbeService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([.. runners.Where(r => r.Agent.HealthProbe is not null).Select(r => ProbeAsync(r, stoppingToken)),
            .. runners.Where(r => r.Agent.Model.OnFallback == ModelSpec.FallbackPause).Select(r => WatchModelAsync(r, stoppingToken))]);

    // onFallback: pause. Waits for a hold, reports it, and tries the model until it answers; then lets the agent go on.
    private async Task WatchModelAsync(AgentRunner runner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await health.WaitModelOutageAsync(runner.Name, stoppingToken);
                var reason = health.Unhealthy.FirstOrDefault(a => a.Agent == runner.Name).Reason ?? "its model is out";
                await ReportAsync(runner, healthy: false, reason, stoppingToken);
                while (true)
                {
                    await Task.Delay(trialInterval, time, stoppingToken);
                    if (await runner.TrialAsync(stoppingToken) is { Healthy: true })
                    {
                        break;
                    }
                }

                if (health.ReleaseModelOutage(runner.Name))
                {
                    await ReportAsync(runner, healthy: true, "its model answered a trial call", stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Kafka away while auditing: the hold stands or was lifted all the same; the next change is reported.
                LogProbeFailed(logger, ex, runner.Name);
                await Task.Delay(trialInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

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
                    await ReportAsync(runner, healthy, healthy ? "its semantic probe answers as expected again" : result.Detail, stoppingToken);
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
            LogHealthy(logger, runner.Name, detail);
        }
        else
        {
            LogUnhealthy(logger, runner.Name, detail);
        }

        var now = time.GetUtcNow();
        var outcome = healthy ? RunOutcomes.Healthy : RunOutcomes.Unhealthy;
        var id = $"probe-{runner.Name}-{now.ToUnixTimeMilliseconds()}";
        var summary = (healthy, runner.Agent.HealthProbe) switch
        {
            (true, _) => $"The agent takes events again: {detail}.",
            (false, { } probe) when !health.IsModelOutage(runner.Name) =>
                $"The semantic probe failed {probe.FailureThreshold} times in a row ({detail}): the agent takes no new events and its runs wait.",
            _ => $"The agent takes no new events and its runs wait: {detail}.",
        };
        var model = runner.Agent.Model.ModelId ?? runner.Agent.Model.Provider;
        var audit = new AuditRecord(id, runner.Name, id, $"io.ambient.agent.{outcome}", outcome, summary, [], [], 0, 0, model, runner.Agent.Version, now);
        // Announced too, for whoever watches the agents (another agent can subscribe with topic: agents).
        var data = JsonSerializer.SerializeToUtf8Bytes(new { agent = runner.Name, healthy, reason = summary, model, version = runner.Agent.Version });
        var announcement = new AmbientEvent(id, $"ambient://worker/{runner.Name}", $"io.ambient.agent.{outcome}", runner.Name, now, "application/json", data)
        {
            Ingress = IngressKinds.Worker,
        };
        await Task.WhenAll(
            publisher.PublishAsync(await records.AuditAsync(audit, runner.Name, topics, cancellationToken), cancellationToken),
            publisher.PublishAsync(CloudEventKafkaBinding.ToOutgoingRecord(announcement, topics.AgentEvents, runner.Name), cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} is unhealthy: {Detail}; it takes no new events and its runs wait until it is healthy again")]
    private static partial void LogUnhealthy(ILogger logger, string agent, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} is healthy again ({Detail}); it takes events again")]
    private static partial void LogHealthy(ILogger logger, string agent, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: the semantic probe's change could not be audited; trying again at the next probe")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception, string agent);
}

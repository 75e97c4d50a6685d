using System.Diagnostics;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Health;
using Ambient.Runtime.Tools;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Executes one run to its end or its next wait: the reasoning loop under the agent's time limit and daily budget, then
/// the audit record and the <c>finish</c> checkpoint. Used for events, A2A requests, resumed delegations, rollbacks
/// and replays alike.
/// </summary>
internal sealed class RunExecutor(AgentServices services, A2aServing serving)
{
    /// <summary>
    /// Runs (or resumes) one run to its end: steps from the first one its journal lacks, the audit record,
    /// then the <c>finish</c> checkpoint. Used for events, rollbacks and replays alike.
    /// </summary>
    internal async Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        // The run sees the event with its secrets masked: the model, the checkpoints and the audit never hold them.
        var (masked, secrets) = services.Masker.Mask(request.Input);
        request = request with { Input = masked };
        var (run, _, input, at, _, _, _) = request;
        using var activity = RuntimeTelemetry.Source.StartActivity($"invoke_agent {services.Agent.Name}");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", services.Agent.Name);
        activity?.SetTag("ambient.run.id", run.Value);
        activity?.SetTag("cloudevents.event_id", input.Id);
        activity?.SetTag("cloudevents.event_type", input.Type);
        var started = Stopwatch.GetTimestamp();

        // A run keeps the input it began with: a later record of the same event resumes it, and rollbacks read the event there.
        var recorder = new RunRecorder(services.Checkpoints, request.Journal, services.Agent.Name, services.Agent.Version,
            request.Journal.Input ?? new RunInput(at.Topic, at.Partition, at.Offset, input.Id, input.Type), request.ReplayOf, services.Time);
        var outcome = await RunAsync(request, recorder, cancellationToken);

        activity?.SetTag("ambient.run.outcome", outcome.Outcome);
        DriftSignals.RecordRun(services, input.Type, outcome, Stopwatch.GetElapsedTime(started));
        if (RunOutcomes.IsUnfinished(outcome.Outcome))
        {
            // Parked at a delegate step or by a tool-call filter: the run is audited and finished when it goes on.
            return outcome;
        }

        // The audit describes steps that are durable; the finish step is durable before the event's offset is stored.
        await recorder.FlushAsync(cancellationToken);
        await PublishAuditAsync(run, input, outcome with { SecretsMasked = outcome.SecretsMasked + secrets }, cancellationToken);
        // The run is over once its decision is audited; a redelivered event now finds it finished.
        recorder.StartStep();
        var status = outcome.Outcome == RunOutcomes.Completed ? CheckpointStatus.Succeeded : CheckpointStatus.Failed;
        await recorder.RecordFinishAsync(status, outcome.Outcome, cancellationToken);
        await recorder.FlushAsync(cancellationToken);

        services.Logger.LogRunFinished(services.Agent.Name, run.Value, input.Type, outcome.Outcome, outcome.ActionIds.Count, outcome.Usage.Total, outcome.Summary ?? string.Empty);
        if (services.A2a is not null && input.Type == CloudEventTypes.A2aMessage)
        {
            await serving.AnswerAsync(input, run, outcome, cancellationToken);
        }

        return outcome;
    }

    private async Task<RunResult> RunAsync(RunRequest request, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var (run, _, input, _, model, actionsTopic, _) = request;
        // A spent budget does not skip the event: the run waits before its next model call (see ReasoningLoop), deferred.
        using var clock = new RunClock(TimeSpan.FromSeconds(services.Agent.Limits.TimeoutSeconds), cancellationToken);
        var scope = new RunScope(run, services.Agent.Name, input, services.Time,
            async (action, approvalId, token) => await services.Publisher.PublishAsync(await services.Records.ActionAsync(action, input.PartitionKey, actionsTopic, token, approvalId), token))
        {
            At = recorder.Input,
            // A replay answers delegations from the record, so any agent the original asked may be asked again.
            CanDelegateTo = request.RecordedDelegations is not null ? (_, _) => ValueTask.FromResult(true) : services.A2a is null ? null : services.A2a.CanReachAsync,
        };
        var loop = new ReasoningLoop(services.Agent, model, services.Tools, scope, recorder, services.Budget, services.ModelId, services.A2a, services.Gate, clock, request,
            services.Masker, services.Time, services.Logger);
        RunResult result;
        try
        {
            result = await loop.RunAsync(input, clock.Token);
        }
        catch (OperationCanceledException) when (clock.IsExpired && !cancellationToken.IsCancellationRequested)
        {
            // The run's own time limit, not a shutdown: the decision so far is audited, the event is done.
            services.Logger.LogRunTimedOut(services.Agent.Name, run.Value, services.Agent.Limits.TimeoutSeconds);
            await scope.FlushAsync();
            result = loop.Result(RunOutcomes.TimedOut, $"The run exceeded its {services.Agent.Limits.TimeoutSeconds} s limit.",
                [.. recorder.Actions.Select(a => a.Id).Union(scope.Actions.Select(a => a.Id))]);
        }
        catch (Exception ex)
        {
            // The run failed (and will be retried from its last checkpoint): let its in-flight writes finish or fail first.
            await scope.FlushAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await recorder.FlushAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ex is not OperationCanceledException)
            {
                DriftSignals.RecordFailure(services);
                await recorder.MarkFailedAsync(ex.Message);
            }

            throw;
        }

        return result;
    }

    private async Task PublishAuditAsync(RunId run, AmbientEvent input, RunResult result, CancellationToken cancellationToken)
    {
        // The model that decided: a fallback's id when one gave the last reply.
        var audit = new AuditRecord(run.Value, services.Agent.Name, input.Id, input.Type, result.Outcome, result.Summary, result.ActionIds,
            result.RefusedTools, result.Usage.Input, result.Usage.Output, result.Fallback ?? services.ModelId, services.Agent.Version, services.Time.GetUtcNow())
        {
            ContextSummary = EventSummary.Of(input),
            CostUsd = result.CostUsd,
            Confidence = result.Confidence,
            Decisions = result.Decisions,
            SecretsMasked = result.SecretsMasked,
        };
        await services.Publisher.PublishAsync(await services.Records.AuditAsync(audit, input.PartitionKey, services.Topics, cancellationToken), cancellationToken);
    }
}

using System.Diagnostics;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Abstractions.Topics;
using Ambient.Llm;
using Ambient.Llm.Offline;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Ambient.Runtime.Runs;

/// <summary>
/// Runs one event through one agent: the reasoning loop with the agent's model, tool calls checked
/// against the allow-list and turned into action records, limits enforced by the runtime (tokens per
/// call, run timeout, daily budget, turns), and one audit record per decision. Everything it writes
/// is acknowledged before it returns, so the caller may then commit the event.
/// </summary>
public sealed class AgentRunner(
    AgentDefinition agent,
    IChatCompletionService chat,
    IRecordPublisher publisher,
    AmbientTopics topics,
    TokenBudget budget,
    TimeProvider time,
    ILogger<AgentRunner> logger) : IEventProcessor
{
    private readonly string _modelId = agent.Model.Provider == ModelSpec.Offline ? OfflineModel.ModelId : agent.Model.ModelId ?? agent.Model.Provider;
    // Built once per agent and frozen: the tool schemas it advertises do not change between runs.
    private readonly OpenAIPromptExecutionSettings _settings = CreateSettings(agent);

    /// <inheritdoc/>
    public string Name => agent.Name;

    /// <inheritdoc/>
    public IReadOnlyList<string> Topics { get; } = [.. agent.Subscriptions.Select(s => s.Topic).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc/>
    public int MaxConcurrency => agent.Limits.MaxConcurrentRuns;

    /// <summary>The agent this runner serves.</summary>
    public AgentDefinition Agent => agent;

    /// <inheritdoc/>
    public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        if (!agent.Handles(at.Topic, input.Type))
        {
            return ProcessingResult.Ignored;
        }

        var run = RunId.For(agent.Name, at);
        using var activity = RuntimeTelemetry.Source.StartActivity($"invoke_agent {agent.Name}");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", agent.Name);
        activity?.SetTag("ambient.run.id", run.Value);
        activity?.SetTag("cloudevents.event_id", input.Id);
        activity?.SetTag("cloudevents.event_type", input.Type);
        var started = Stopwatch.GetTimestamp();

        var outcome = await RunAsync(run, input, cancellationToken);

        activity?.SetTag("ambient.run.outcome", outcome.Outcome);
        RuntimeTelemetry.Runs.Add(1, new("agent", agent.Name), new("outcome", outcome.Outcome));
        RuntimeTelemetry.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("agent", agent.Name));
        await PublishAuditAsync(run, input, outcome, cancellationToken);
        logger.LogRunFinished(agent.Name, run.Value, input.Type, outcome.Outcome, outcome.ActionIds.Count, outcome.Usage.Total, outcome.Summary ?? string.Empty);
        return outcome.Outcome == RunOutcomes.BudgetExhausted ? ProcessingResult.Skipped : ProcessingResult.Completed;
    }

    private async Task<RunResult> RunAsync(RunId run, AmbientEvent input, CancellationToken cancellationToken)
    {
        if (!budget.HasBudget(agent.Name, agent.Limits.MaxTokensPerDay))
        {
            logger.LogBudgetExhausted(agent.Name, run.Value, budget.UsedToday(agent.Name), agent.Limits.MaxTokensPerDay);
            return new RunResult(RunOutcomes.BudgetExhausted, "The agent's daily token budget is spent; the event was not reasoned about.", [], [], default);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(agent.Limits.TimeoutSeconds));
        var scope = new RunScope(run, agent.Name, input, time, (action, token) => publisher.PublishAsync(RecordFactory.Action(action, input.PartitionKey, topics), token));
        var loop = new ReasoningLoop(agent, chat, scope, _settings, budget, _modelId, logger);
        RunResult result;
        try
        {
            result = await loop.RunAsync(input, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The run's own time limit, not a shutdown: the decision so far is audited, the event is done.
            logger.LogRunTimedOut(agent.Name, run.Value, agent.Limits.TimeoutSeconds);
            result = new RunResult(RunOutcomes.TimedOut, $"The run exceeded its {agent.Limits.TimeoutSeconds} s limit.",
                [.. scope.Actions.Select(a => a.Id)], loop.RefusedTools, loop.Usage);
        }
        catch
        {
            // The run failed (and will be retried): let its in-flight writes finish or fail before it is retried.
            await scope.FlushAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // Every proposed action must be acknowledged before the decision is audited and the event committed.
        await scope.FlushAsync();
        return result;
    }

    private static OpenAIPromptExecutionSettings CreateSettings(AgentDefinition agent)
    {
        var allowed = agent.Tools.Select(t => ToolCatalog.Find(t)!).ToList();
        var settings = new OpenAIPromptExecutionSettings
        {
            MaxTokens = agent.Limits.MaxTokensPerCall,
            FunctionChoiceBehavior = allowed.Count == 0 ? null : FunctionChoiceBehavior.Auto(allowed, autoInvoke: false),
        };
        settings.Freeze();
        return settings;
    }

    private Task PublishAuditAsync(RunId run, AmbientEvent input, RunResult result, CancellationToken cancellationToken)
    {
        var audit = new AuditRecord(run.Value, agent.Name, input.Id, input.Type, result.Outcome, result.Summary, result.ActionIds,
            result.RefusedTools, result.Usage.Input, result.Usage.Output, _modelId, agent.Version, time.GetUtcNow());
        return publisher.PublishAsync(RecordFactory.Audit(audit, input.PartitionKey, topics), cancellationToken);
    }
}

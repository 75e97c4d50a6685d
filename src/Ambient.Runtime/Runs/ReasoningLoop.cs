using System.Diagnostics;
using System.Globalization;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Llm;
using Ambient.Llm.Prompts;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Redaction;
using Ambient.Runtime.ToolCalls;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Runs;

/// <summary>
/// The tool-calling loop of one run, as a sequence of checkpointed steps: <c>perceive</c>, then
/// <c>reason</c> (one model call) and <c>act</c> (that reply's tool calls, turned into actions) in turn,
/// until the model answers without tool calls. It starts at the first step the run's checkpoints do not
/// hold, so a resumed run neither repeats a model call, nor reads again what it read, nor proposes an action twice.
/// The runtime runs tools itself (the model never does) so every call passes the filter chain, gets a deterministic
/// action id (<c>runId/actStepIndex/callIndex</c>) and counts against the budget.
/// </summary>
internal sealed class ReasoningLoop(
    AgentDefinition agent,
    IChatModel chat,
    AgentToolbox tools,
    RunScope scope,
    RunRecorder recorder,
    IRunBudget budget,
    string modelId,
    IA2aChannel? a2a,
    IRunGate gate,
    RunClock clock,
    RunRequest request,
    SecretMasker masker,
    TimeProvider time,
    ILogger logger)
{
    private readonly ToolCallRunner _calls = new(agent, tools, scope, request.RecordedReads, masker, logger);

    // The state the loop works on (read from the checkpoints once, at its start): its refused tools are the run's.
    private ConversationState? _conversation;

    public TokenUsage Usage { get; private set; } = recorder.RecordedUsage;

    public async Task<RunResult> RunAsync(AmbientEvent input, CancellationToken cancellationToken)
    {
        var conversation = _conversation = recorder.Conversation;
        List<ChatTurn> turns = [ChatTurn.User(EventPrompt.Render(input)), .. conversation.ToChatTurns()];

        // Parsed once for the run (the offline model reads it) and released when the run ends.
        using var data = input.TryParseJsonData();
        var systemPrompt = agent.SystemPrompt + UntrustedData.SystemNotice;
        if (recorder.Journal.Current is { } resumedAt)
        {
            logger.LogRunResumed(agent.Name, scope.Run.Value, resumedAt.StepIndex, resumedAt.StepName);
        }

        while (true)
        {
            recorder.StartStep();
            switch (recorder.NextStep(conversation))
            {
                case StepNames.Perceive:
                    await recorder.RecordAsync(StepNames.Perceive, conversation, [], [], cancellationToken);
                    break;

                case StepNames.Reason when recorder.ReasonSteps >= agent.Limits.MaxTurns:
                    return Finish(RunOutcomes.Completed, $"Stopped after {agent.Limits.MaxTurns} model calls (limits.maxTurns).");

                case StepNames.Reason:
                    var chatRequest = new ChatRequest(systemPrompt, turns, tools.Offered, agent.Limits.MaxTokensPerCall, input) { EventData = data?.RootElement };
                    var (reply, cost) = await CallModelAsync(chatRequest, cancellationToken);
                    var turn = ConversationTurn.FromReply(reply, cost);
                    conversation.Turns.Add(turn);
                    turns.Add(turn.ToChatTurn());
                    await recorder.RecordAsync(StepNames.Reason, conversation, [Exchange(turns.Count, conversation, turn)], [], cancellationToken);
                    break;

                case StepNames.Act:
                    var turnsBefore = conversation.Turns.Count;
                    var (actions, parkedAt, parked) = await ActAsync(input, conversation, turns, cancellationToken);
                    if (parked is not null)
                    {
                        // Checkpointed as waiting with the undecided calls still pending: driven again, they pass the filters again.
                        // Parked again where it was, with nothing new, the waiting step already says so: no step is added per delivery.
                        var note = $"parked at {parkedAt}: {parked}";
                        var unchanged = actions.Count == 0 && conversation.Turns.Count == turnsBefore
                            && recorder.Journal.Current is { StepName: StepNames.Act, Status: CheckpointStatus.Waiting } current && current.Note == note;
                        if (!unchanged)
                        {
                            await recorder.RecordAsync(StepNames.Act, conversation, [], actions, cancellationToken, CheckpointStatus.Waiting, note);
                            logger.LogToolCallParked(agent.Name, scope.Run.Value, parkedAt!, parked);
                        }

                        return Finish(RunOutcomes.Parked, parked);
                    }

                    await recorder.RecordAsync(StepNames.Act, conversation, [], actions, cancellationToken);
                    break;

                case StepNames.Delegate when request.RecordedDelegations is { } recordedDelegations:
                    // A replay: the other agents are not asked again; the original's answers are replayed.
                    DelegationResults.AnswerFromRecord(conversation, recordedDelegations);
                    DelegationResults.AddToolResults(conversation);
                    await recorder.RecordAsync(StepNames.Delegate, conversation, [], [], cancellationToken, note: DelegationResults.Note(conversation) + " (recorded answers)");
                    break;

                case StepNames.Delegate:
                    await DelegateAsync(conversation, cancellationToken);
                    return Finish(RunOutcomes.Waiting, $"Waiting for {string.Join(", ", conversation.Delegations!.Where(d => d.IsPending).Select(d => d.Agent))}.");

                default:
                    return Finish(RunOutcomes.Completed, conversation.LastAssistantText);
            }
        }
    }

    /// <summary>
    /// Runs the undecided tool calls of the last reply, in order, until one is parked. The reply's checkpoint is
    /// acknowledged before the first call (a resumed run must never ask the model again and propose different actions
    /// under the same ids), and every action is written before the step's own checkpoint.
    /// </summary>
    private async Task<(List<CheckpointAction> Actions, string? ParkedAt, string? Parked)> ActAsync(AmbientEvent input, ConversationState conversation, List<ChatTurn> turns,
        CancellationToken cancellationToken)
    {
        await recorder.FlushAsync(cancellationToken);
        var first = scope.Actions.Count;
        scope.Step = recorder.NextIndex;
        scope.Reasoning = conversation.LastAssistantText;
        scope.Turn = conversation.Turns.FindLastIndex(t => t.Role == ConversationTurn.Assistant);
        scope.Rollbacks = recorder.Journal.Chain().Count(s => s.StepName == StepNames.Rollback);
        scope.Fallback = conversation.LastFallback;
        (string Tool, string Reason)? parked = null;
        foreach (var (index, call) in conversation.UndecidedCalls())
        {
            scope.CallIndex = index;
            var outcome = await _calls.RunAsync(call, cancellationToken);
            if (outcome.Result == ToolCallOutcome.Parked)
            {
                parked = (call.Name, outcome.Content);
                break;
            }

            if (outcome.Delegation is { } asked)
            {
                // Its result is the other agent's answer, added when the delegate step ends.
                var messageId = new ActionId(scope.Run, scope.Step, index).ToString();
                (conversation.Delegations ??= []).Add(new PendingDelegation
                {
                    MessageId = messageId,
                    TaskId = A2aTaskIds.For(asked.Agent, messageId),
                    ContextId = input.PartitionKey ?? scope.Run.Value,
                    Agent = asked.Agent,
                    Text = asked.Message,
                    CallId = call.Id,
                    Plugin = call.Plugin,
                    Function = call.Function,
                });
                continue;
            }

            var result = ConversationTurn.FromResult(call, outcome);
            conversation.Turns.Add(result);
            turns.Add(result.ToChatTurn());
        }

        await scope.FlushAsync();
        return ([.. scope.Actions.Skip(first).Select(a => new CheckpointAction(a.Id, a.Target, a.Operation, a.Arguments))], parked?.Tool, parked?.Reason);
    }

    /// <summary>
    /// Checkpoints the <c>delegate</c> step as waiting (with each request's deadline), then sends the requests.
    /// A step already waiting (the event was redelivered) only re-sends them: same message ids, same tasks.
    /// </summary>
    private async Task DelegateAsync(ConversationState conversation, CancellationToken cancellationToken)
    {
        var channel = a2a ?? throw new InvalidOperationException(
            $"Run {scope.Run.Value} delegates to other agents, but this process has no A2A channel (replays of delegating runs are not supported).");
        if (recorder.Journal.Current is not { StepName: StepNames.Delegate, Status: CheckpointStatus.Waiting })
        {
            var deadline = time.GetUtcNow().AddSeconds(agent.Limits.DelegateTimeoutSeconds);
            conversation.Delegations = [.. conversation.Delegations!.Select(d => d.IsPending ? d with { Deadline = deadline } : d)];
            var waitingFor = string.Join(", ", conversation.Delegations.Where(d => d.IsPending).Select(d => $"{d.Agent} ({d.TaskId})"));
            await recorder.RecordAsync(StepNames.Delegate, conversation, [], [], cancellationToken, CheckpointStatus.Waiting, $"waiting for {waitingFor}");
        }

        // The replies find the run by its waiting step: it is durable before anyone is asked.
        await recorder.FlushAsync(cancellationToken);

        var requests = conversation.Delegations!.Where(d => d.IsPending).ToList();
        foreach (var pending in requests)
        {
            var message = new A2aMessage(pending.MessageId, pending.ContextId, null, A2aRoles.User, [new A2aPart(Text: pending.Text)]);
            await channel.SendAsync(new DelegationRequest(agent.Name, scope.Run.Value, recorder.Input.Partition, pending.Agent, message, pending.Deadline!.Value), cancellationToken);
        }

        logger.LogRunParked(agent.Name, scope.Run.Value, requests.Count);
    }

    private async Task<(ChatReply Reply, decimal CostUsd)> CallModelAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        // A step boundary: a paused agent's run stops here, its earlier steps checkpointed, and goes on when resumed; a run
        // whose agent's budget is spent waits here too (deferred), and neither wait counts against the run's time limit.
        await clock.HeldAsync(token => gate.WaitOpenAsync(agent.Name, token), cancellationToken);
        var hold = await ReserveAsync(request.WorstCaseTokens(), cancellationToken);
        using var activity = RuntimeTelemetry.Source.StartActivity($"chat {modelId}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.request.model", modelId);
        activity?.SetTag("gen_ai.request.max_tokens", agent.Limits.MaxTokensPerCall);
        ChatReply reply;
        try
        {
            reply = await chat.CompleteAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            // Nothing was spent that the reply would tell: the reservation is budget again.
            budget.Settle(hold, default, 0);
            if (ex is ModelUnavailableException unavailable)
            {
                if (agent.Model.OnFallback == ModelSpec.FallbackPause)
                {
                    // No fallback decides for it: the whole agent waits for its own model, one trial at a time.
                    gate.HoldForModelOutage(agent.Name, $"its model {modelId} is out ({unavailable.Message}); onFallback: pause holds it until the model answers");
                }

                // The endpoint, not the event: the consumer retries the event until the model is back and never dead-letters it.
                throw new DependencyUnavailableException($"Agent {agent.Name}: {unavailable.Message}", unavailable);
            }

            throw;
        }

        var usage = reply.Usage;
        Usage += usage;
        var cost = budget.Settle(hold, usage, agent.Pricing.CostOf(usage.Input, usage.Output), reply.Fallback);
        activity?.SetTag("gen_ai.usage.input_tokens", usage.Input);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.Output);
        // Which model answered: a fallback's tokens are told apart from the agent's own model's.
        var answeredBy = reply.Fallback ?? modelId;
        activity?.SetTag("gen_ai.response.model", answeredBy);
        RuntimeTelemetry.Tokens.Add(usage.Input, new("agent", agent.Name), new("direction", "input"), new("model", answeredBy));
        RuntimeTelemetry.Tokens.Add(usage.Output, new("agent", agent.Name), new("direction", "output"), new("model", answeredBy));
        RuntimeTelemetry.Cost.Add((double)cost, new KeyValuePair<string, object?>("agent", agent.Name));
        return (reply, cost);
    }

    /// <summary>
    /// Reserves the call's worst case; while the agent's budget is spent the run waits (deferred: its checkpoints stand,
    /// its event uncommitted) until the budget is raised or the day rolls over.
    /// </summary>
    private async Task<BudgetHold> ReserveAsync(long worstCaseTokens, CancellationToken cancellationToken)
    {
        var deferred = false;
        while (true)
        {
            if (await budget.ReserveAsync(agent.Name, modelId, worstCaseTokens, agent.Limits.MaxTokensPerDay, cancellationToken) is { } hold)
            {
                if (deferred)
                {
                    logger.LogRunUndeferred(agent.Name, scope.Run.Value);
                }

                return hold;
            }

            if (!deferred)
            {
                logger.LogRunDeferred(agent.Name, scope.Run.Value);
                deferred = true;
            }

            await clock.HeldAsync(token => new ValueTask(budget.WaitForBudgetAsync(agent.Name, token)), cancellationToken);
        }
    }

    private LlmExchange Exchange(int requestMessages, ConversationState conversation, ConversationTurn reply) => new(
        modelId,
        requestMessages,
        string.Create(CultureInfo.InvariantCulture, $"{requestMessages} messages (system, event, {requestMessages - 2} earlier turns); max {agent.Limits.MaxTokensPerCall} tokens"),
        conversation.ToJson(reply),
        reply.InputTokens,
        reply.OutputTokens);

    private RunResult Finish(string outcome, string? summary) => Result(outcome, summary, [.. recorder.Actions.Select(a => a.Id)]);

    /// <summary>The run's result so far: its refused tools, policy decisions, cost and stated confidence with it.</summary>
    public RunResult Result(string outcome, string? summary, IReadOnlyList<string> actionIds)
    {
        var conversation = _conversation ?? recorder.Conversation;
        return new(outcome, summary, actionIds, conversation.RefusedTools, Usage)
        {
            Decisions = conversation.Decisions,
            CostUsd = conversation.CostUsd,
            Confidence = conversation.Confidence,
            SecretsMasked = conversation.Masked,
            Fallback = conversation.LastFallback,
        };
    }
}

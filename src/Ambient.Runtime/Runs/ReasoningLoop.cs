using System.Diagnostics;
using System.Globalization;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Llm;
using Ambient.Llm.Offline;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Delegation;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Runtime.Runs;

/// <summary>
/// The tool-calling loop of one run, as a sequence of checkpointed steps: <c>perceive</c>, then
/// <c>reason</c> (one model call) and <c>act</c> (that reply's tool calls, turned into actions) in turn,
/// until the model answers without tool calls. It starts at the first step the run's checkpoints do not
/// hold, so a resumed run neither repeats a model call nor proposes an action twice. The runtime invokes
/// tools itself (the model never auto-invokes) so every call passes the allow-list, gets a deterministic
/// action id (<c>runId/actStepIndex/callIndex</c>) and counts against the budget.
/// </summary>
internal sealed class ReasoningLoop(
    AgentDefinition agent,
    IChatCompletionService chat,
    RunScope scope,
    RunRecorder recorder,
    PromptExecutionSettings settings,
    TokenBudget budget,
    string modelId,
    IA2aChannel? a2a,
    IReadOnlyList<PendingDelegation>? recordedDelegations,
    TimeProvider time,
    ILogger logger)
{
    // The state the loop works on (read from the checkpoints once, at its start): its refused tools are the run's.
    private ConversationState? _conversation;

    public IReadOnlyList<string> RefusedTools => (_conversation ?? recorder.Conversation).RefusedTools;

    public TokenUsage Usage { get; private set; } = recorder.RecordedUsage;

    public async Task<RunResult> RunAsync(AmbientEvent input, CancellationToken cancellationToken)
    {
        var conversation = _conversation = recorder.Conversation;
        var history = new ChatHistory(agent.SystemPrompt + UntrustedData.SystemNotice);
        history.AddUserMessage(EventPrompt.Render(input));
        conversation.AppendTo(history);
        var kernel = new Kernel(plugins: new KernelPluginCollection(ToolCatalog.Plugins));
        kernel.Data[OfflineModel.EventDataKey] = input;
        // Parsed once for the run (the offline model and tool templates read it) and released when the run ends.
        using var data = input.TryParseJsonData();
        if (data is not null)
        {
            kernel.Data[OfflineModel.EventJsonKey] = data.RootElement;
        }

        kernel.Data[RunScope.KernelDataKey] = scope;
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

                case StepNames.Reason when !budget.HasBudget(agent.Name, agent.Limits.MaxTokensPerDay):
                    return Finish(RunOutcomes.Completed, "Stopped: the agent's daily token budget ran out during the run.");

                case StepNames.Reason:
                    var reply = await CallModelAsync(history, kernel, cancellationToken);
                    history.Add(reply);
                    var turn = ConversationTurn.FromReply(reply);
                    conversation.Turns.Add(turn);
                    await recorder.RecordAsync(StepNames.Reason, conversation, [Exchange(history.Count - 1, conversation, turn)], [], cancellationToken);
                    break;

                case StepNames.Act:
                    var actions = await ActAsync(input, conversation, history, kernel, cancellationToken);
                    await recorder.RecordAsync(StepNames.Act, conversation, [], actions, cancellationToken);
                    break;

                case StepNames.Delegate when recordedDelegations is not null:
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
    /// Calls the tools of the last reply. The reply's checkpoint is acknowledged before the first action is proposed (a
    /// resumed run must never ask the model again and propose different actions under the same ids), and every action
    /// before the step's own checkpoint is written.
    /// </summary>
    private async Task<List<CheckpointAction>> ActAsync(AmbientEvent input, ConversationState conversation, ChatHistory history, Kernel kernel, CancellationToken cancellationToken)
    {
        await recorder.FlushAsync(cancellationToken);
        var first = scope.Actions.Count;
        scope.Step = recorder.NextIndex;
        scope.Reasoning = conversation.LastAssistantText;
        var calls = conversation.PendingCalls();
        for (var index = 0; index < calls.Count; index++)
        {
            scope.CallIndex = index;
            var (result, refused) = await InvokeToolAsync(calls[index], kernel, cancellationToken);
            if (!refused && scope.Delegations.Remove(index, out var asked))
            {
                // Its result is the other agent's answer, added when the delegate step ends.
                var messageId = new ActionId(scope.Run, scope.Step, index).ToString();
                (conversation.Delegations ??= []).Add(new PendingDelegation
                {
                    MessageId = messageId,
                    TaskId = A2aKafka.TaskIdFor(asked.Agent, messageId),
                    ContextId = input.PartitionKey ?? scope.Run.Value,
                    Agent = asked.Agent,
                    Text = asked.Message,
                    CallId = calls[index].Id,
                    Plugin = calls[index].Plugin,
                    Function = calls[index].Function,
                });
                continue;
            }

            history.Add(result.ToChatMessage());
            conversation.Turns.Add(ConversationTurn.FromResult(calls[index], result, refused));
        }

        await scope.FlushAsync();
        return [.. scope.Actions.Skip(first).Select(a => new CheckpointAction(a.Id, a.Target, a.Operation, a.Arguments))];
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

    private async Task<ChatMessageContent> CallModelAsync(ChatHistory history, Kernel kernel, CancellationToken cancellationToken)
    {
        using var activity = RuntimeTelemetry.Source.StartActivity($"chat {modelId}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.request.model", modelId);
        activity?.SetTag("gen_ai.request.max_tokens", agent.Limits.MaxTokensPerCall);
        ChatMessageContent reply;
        try
        {
            reply = (await chat.GetChatMessageContentsAsync(history, settings, kernel, cancellationToken)).Single();
        }
        catch (HttpOperationException ex) when (IsEndpointFailure(ex.StatusCode))
        {
            // The endpoint, not the event: the consumer retries the event until the model is back and never dead-letters it.
            throw new DependencyUnavailableException($"Agent {agent.Name}: the model endpoint of {modelId} is unavailable or misconfigured: {ex.Message}", ex);
        }

        var usage = TokenUsage.From(reply);
        Usage += usage;
        budget.Record(agent.Name, usage.Total);
        activity?.SetTag("gen_ai.usage.input_tokens", usage.Input);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.Output);
        RuntimeTelemetry.Tokens.Add(usage.Input, new("agent", agent.Name), new("direction", "input"));
        RuntimeTelemetry.Tokens.Add(usage.Output, new("agent", agent.Name), new("direction", "output"));
        RuntimeTelemetry.Cost.Add((double)agent.Pricing.CostOf(usage.Input, usage.Output), new KeyValuePair<string, object?>("agent", agent.Name));
        return reply;
    }

    /// <summary>
    /// No answer (connection refused, reset), the endpoint overloaded or down (408, 429, 5xx), or not set up for this agent
    /// (401, 403, 404: a key, a model or a URL to fix): nothing about the event. A 400 or 413 may be the event's (a prompt
    /// too long), so it is not counted as the endpoint's.
    /// </summary>
    private static bool IsEndpointFailure(System.Net.HttpStatusCode? status) =>
        status is null or System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.Unauthorized
            or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound or >= System.Net.HttpStatusCode.InternalServerError;

    private LlmExchange Exchange(int requestMessages, ConversationState conversation, ConversationTurn reply) => new(
        modelId,
        requestMessages,
        string.Create(CultureInfo.InvariantCulture, $"{requestMessages} messages (system, event, {requestMessages - 2} earlier turns); max {agent.Limits.MaxTokensPerCall} tokens"),
        conversation.ToJson(reply),
        reply.InputTokens,
        reply.OutputTokens);

    private async Task<(FunctionResultContent Result, bool Refused)> InvokeToolAsync(RecordedToolCall recorded, Kernel kernel, CancellationToken cancellationToken)
    {
        var call = recorded.ToContent();
        var name = recorded.Name;
        using var activity = RuntimeTelemetry.Source.StartActivity($"execute_tool {name}");
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", name);
        activity?.SetTag("gen_ai.tool.call.id", call.Id);
        if (!agent.Tools.Contains(name))
        {
            activity?.SetTag("ambient.tool.result", "refused");
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "refused"));
            logger.LogToolRefused(agent.Name, scope.Run.Value, name);
            return (new FunctionResultContent(call, $"Refused: the tool '{name}' is not allowed for agent '{agent.Name}'."), true);
        }

        try
        {
            var result = await call.InvokeAsync(kernel, cancellationToken);
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "proposed"));
            activity?.SetTag("ambient.tool.result", "proposed");
            return (result, false);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KernelException)
        {
            // Bad arguments from the model: tell it, so it can correct itself on the next turn.
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "failed"));
            activity?.SetTag("ambient.tool.result", "failed");
            logger.LogToolFailed(agent.Name, scope.Run.Value, name, ex.Message);
            return (new FunctionResultContent(call, $"Error: {ex.Message}"), false);
        }
    }

    private RunResult Finish(string outcome, string? summary) =>
        new(outcome, summary, [.. recorder.Actions.Select(a => a.Id)], RefusedTools, Usage);
}

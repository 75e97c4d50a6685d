using System.Diagnostics;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Llm;
using Ambient.Llm.Offline;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Runtime.Runs;

/// <summary>
/// The tool-calling loop of one run. The runtime invokes tools itself (the model never auto-invokes)
/// so that every call passes the allow-list, gets a deterministic action id (step = LLM call number,
/// call index = position in that reply), and is counted against the budget.
/// </summary>
internal sealed class ReasoningLoop(
    AgentDefinition agent,
    IChatCompletionService chat,
    RunScope scope,
    PromptExecutionSettings settings,
    TokenBudget budget,
    string modelId,
    ILogger logger)
{
    private readonly List<string> _refused = [];

    public IReadOnlyList<string> RefusedTools => _refused;

    public TokenUsage Usage { get; private set; }

    public async Task<RunResult> RunAsync(AmbientEvent input, CancellationToken cancellationToken)
    {
        var history = new ChatHistory(agent.SystemPrompt);
        history.AddUserMessage(EventPrompt.Render(input));
        var kernel = new Kernel(plugins: new KernelPluginCollection(ToolCatalog.Plugins));
        kernel.Data[OfflineModel.EventDataKey] = input;
        if (input.TryGetJsonData() is { } data)
        {
            kernel.Data[OfflineModel.EventJsonKey] = data;
        }
        kernel.Data[RunScope.KernelDataKey] = scope;
        for (var step = 1; step <= agent.Limits.MaxTurns; step++)
        {
            if (!budget.HasBudget(agent.Name, agent.Limits.MaxTokensPerDay))
            {
                return Finish(RunOutcomes.Completed, "Stopped: the agent's daily token budget ran out during the run.");
            }

            var reply = await CallModelAsync(history, settings, kernel, cancellationToken);
            history.Add(reply);
            var calls = FunctionCallContent.GetFunctionCalls(reply).ToList();
            if (calls.Count == 0)
            {
                return Finish(RunOutcomes.Completed, reply.Content);
            }

            scope.Step = step;
            scope.Reasoning = reply.Content;
            for (var index = 0; index < calls.Count; index++)
            {
                scope.CallIndex = index;
                history.Add((await InvokeToolAsync(calls[index], kernel, cancellationToken)).ToChatMessage());
            }
        }

        return Finish(RunOutcomes.Completed, $"Stopped after {agent.Limits.MaxTurns} model calls (limits.maxTurns).");
    }

    private async Task<ChatMessageContent> CallModelAsync(ChatHistory history, PromptExecutionSettings settings, Kernel kernel, CancellationToken cancellationToken)
    {
        using var activity = RuntimeTelemetry.Source.StartActivity($"chat {modelId}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.request.model", modelId);
        activity?.SetTag("gen_ai.request.max_tokens", agent.Limits.MaxTokensPerCall);
        var reply = (await chat.GetChatMessageContentsAsync(history, settings, kernel, cancellationToken)).Single();
        var usage = TokenUsage.From(reply);
        Usage = new TokenUsage(Usage.Input + usage.Input, Usage.Output + usage.Output);
        budget.Record(agent.Name, usage.Input + usage.Output);
        activity?.SetTag("gen_ai.usage.input_tokens", usage.Input);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.Output);
        RuntimeTelemetry.Tokens.Add(usage.Input, new("agent", agent.Name), new("direction", "input"));
        RuntimeTelemetry.Tokens.Add(usage.Output, new("agent", agent.Name), new("direction", "output"));
        RuntimeTelemetry.Cost.Add((double)agent.Pricing.CostOf(usage.Input, usage.Output), new KeyValuePair<string, object?>("agent", agent.Name));
        return reply;
    }

    private async Task<FunctionResultContent> InvokeToolAsync(FunctionCallContent call, Kernel kernel, CancellationToken cancellationToken)
    {
        var name = $"{call.PluginName}.{call.FunctionName}";
        using var activity = RuntimeTelemetry.Source.StartActivity($"execute_tool {name}");
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", name);
        activity?.SetTag("gen_ai.tool.call.id", call.Id);
        if (!agent.Tools.Contains(name))
        {
            _refused.Add(name);
            activity?.SetTag("ambient.tool.result", "refused");
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "refused"));
            logger.LogToolRefused(agent.Name, scope.Run.Value, name);
            return new FunctionResultContent(call, $"Refused: the tool '{name}' is not allowed for agent '{agent.Name}'.");
        }

        try
        {
            var result = await call.InvokeAsync(kernel, cancellationToken);
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "proposed"));
            activity?.SetTag("ambient.tool.result", "proposed");
            return result;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KernelException)
        {
            // Bad arguments from the model: tell it, so it can correct itself on the next turn.
            RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", name), new("result", "failed"));
            activity?.SetTag("ambient.tool.result", "failed");
            logger.LogToolFailed(agent.Name, scope.Run.Value, name, ex.Message);
            return new FunctionResultContent(call, $"Error: {ex.Message}");
        }
    }

    private RunResult Finish(string outcome, string? summary) =>
        new(outcome, summary, [.. scope.Actions.Select(a => a.Id)], _refused, Usage);
}

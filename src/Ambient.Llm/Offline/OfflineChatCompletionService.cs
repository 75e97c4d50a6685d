using System.Runtime.CompilerServices;
using Ambient.Abstractions.Events;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace Ambient.Llm.Offline;

/// <summary>
/// A deterministic chat model driven by an agent's <see cref="OfflineRuleSet"/>, for running agents without an LLM.
/// It behaves like a chat model with automatic invocation off: for the event in
/// <c>Kernel.Data[<see cref="OfflineModel.EventDataKey"/>]</c> it first answers with the matching rule's tool
/// calls (<see cref="FunctionCallContent"/> items, never invoked by the model), and once the history holds their
/// <see cref="FunctionResultContent"/> it answers with the rule's rendered reply. Every reply carries the rule
/// name (<see cref="OfflineModel.RuleMetadataKey"/>) and an estimated <see cref="TokenUsage"/>.
/// Stateless once built, so one instance per agent can serve concurrent runs.
/// </summary>
public sealed class OfflineChatCompletionService : IChatCompletionService
{
    private readonly OfflineRuleMatcher _matcher;

    /// <summary>Creates the model for <paramref name="rules"/>, checking every rule up front.</summary>
    /// <exception cref="OfflineRuleException">A rule is unusable; the message names the rule and what is wrong.</exception>
    public OfflineChatCompletionService(OfflineRuleSet rules)
    {
        _matcher = new OfflineRuleMatcher(rules);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>
    {
        [AIServiceExtensions.ModelIdKey] = OfflineModel.ModelId,
    };

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">No <see cref="AmbientEvent"/> is in the kernel's data.</exception>
    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ChatMessageContent>>([Answer(chatHistory, kernel)]);
    }

    /// <inheritdoc/>
    /// <remarks>The whole answer arrives as one chunk; tool calls come as <see cref="StreamingFunctionCallUpdateContent"/> items.</remarks>
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var replies = await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);
        foreach (var reply in replies)
        {
            yield return OfflineStreaming.ToChunk(reply);
        }
    }

    private ChatMessageContent Answer(ChatHistory history, Kernel? kernel)
    {
        var @event = EventFrom(kernel);
        var data = kernel!.Data.TryGetValue(OfflineModel.EventJsonKey, out var parsed) && parsed is System.Text.Json.JsonElement json
            ? json
            : @event.TryGetJsonData();
        var rule = _matcher.Match(@event, data);
        var inputTokens = OfflineTokenEstimator.EstimateInput(history);
        if (rule is null)
        {
            return OfflineReplies.Text(OfflineReplies.NoMatch(@event), null, inputTokens);
        }

        var results = ResultsSinceLastUserMessage(history);
        if (results.Count == 0 && rule.Calls.Count > 0)
        {
            return OfflineReplies.ToolCalls(rule, @event, data, inputTokens);
        }

        var text = rule.Reply?.RenderText(@event, data) ?? OfflineReplies.DefaultSummary(rule.Name, results);
        return OfflineReplies.Text(text, rule.Name, inputTokens);
    }

    private static AmbientEvent EventFrom(Kernel? kernel)
    {
        if (kernel is null)
        {
            throw new InvalidOperationException(
                $"The offline model needs a kernel whose Data[\"{OfflineModel.EventDataKey}\"] holds the event being processed; no kernel was passed.");
        }

        if (!kernel.Data.TryGetValue(OfflineModel.EventDataKey, out var value) || value is not AmbientEvent @event)
        {
            throw new InvalidOperationException(
                $"The offline model needs the event being processed as an {nameof(AmbientEvent)} in Kernel.Data[\"{OfflineModel.EventDataKey}\"]; "
                + (value is null ? "it is missing." : $"it holds a {value.GetType().Name}."));
        }

        return @event;
    }

    // Tool results answer the calls of the current turn; a new user message starts a new turn.
    private static List<FunctionResultContent> ResultsSinceLastUserMessage(ChatHistory history)
    {
        var turnStart = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == AuthorRole.User)
            {
                turnStart = i + 1;
                break;
            }
        }

        return [.. history.Skip(turnStart).SelectMany(message => message.Items.OfType<FunctionResultContent>())];
    }
}

using Ambient.Abstractions.Checkpoints;
using Ambient.Runtime.Checkpoints;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Runtime.Replays;

/// <summary>
/// The model of a recorded replay: answers each call with the response the original run recorded for the
/// same call, in order, without asking any model. A replay that asks more questions than the original
/// did has diverged, and says so.
/// </summary>
internal sealed class RecordedChatCompletionService(string originalRunId, IReadOnlyList<LlmExchange> recorded) : IChatCompletionService
{
    private int _next;

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        if (_next >= recorded.Count)
        {
            throw new ReplayDivergenceException(
                $"The replay asked the model a {_next + 1}th question; the original run {originalRunId} asked only {recorded.Count}.");
        }

        var turn = ConversationState.Deserialize<ConversationTurn>(recorded[_next++].Response)
            ?? throw new ReplayDivergenceException($"The original run {originalRunId} recorded an empty response for model call {_next}.");
        return Task.FromResult<IReadOnlyList<ChatMessageContent>>([turn.ToMessage()]);
    }

    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Replays do not stream.");
}

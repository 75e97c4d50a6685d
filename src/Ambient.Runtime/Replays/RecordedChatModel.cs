using Ambient.Abstractions.Checkpoints;
using Ambient.Llm;
using Ambient.Runtime.Checkpoints;

namespace Ambient.Runtime.Replays;

/// <summary>
/// The model of a recorded replay: answers each call with the response the original run recorded for the
/// same call, in order, without asking any model. A replay that asks more questions than the original
/// did has diverged, and says so.
/// </summary>
internal sealed class RecordedChatModel(string modelId, string originalRunId, IReadOnlyList<LlmExchange> recorded) : IChatModel
{
    private int _next;

    public string ModelId => modelId;

    public Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (_next >= recorded.Count)
        {
            throw new ReplayDivergenceException(
                $"The replay asked the model a {_next + 1}th question; the original run {originalRunId} asked only {recorded.Count}.");
        }

        var turn = ConversationState.Deserialize<ConversationTurn>(recorded[_next++].Response)
            ?? throw new ReplayDivergenceException($"The original run {originalRunId} recorded an empty response for model call {_next}.");
        var calls = (turn.ToolCalls ?? []).Select(c => c.ToChatToolCall()).ToList();
        return Task.FromResult(new ChatReply(turn.Content, calls, new TokenUsage(turn.InputTokens, turn.OutputTokens), turn.Rule));
    }
}

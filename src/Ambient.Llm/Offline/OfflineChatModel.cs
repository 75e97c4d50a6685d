namespace Ambient.Llm.Offline;

/// <summary>
/// A deterministic chat model driven by an agent's <see cref="OfflineRuleSet"/>, for running agents without an LLM. For
/// the request's event it first answers with the matching rule's tool calls, and once the conversation holds their
/// results it answers with the rule's rendered reply. Every reply names its rule and carries an estimated token usage.
/// Stateless once built, so one instance per agent serves concurrent runs.
/// </summary>
public sealed class OfflineChatModel : IChatModel
{
    private readonly OfflineRuleMatcher _matcher;

    /// <summary>Creates the model for <paramref name="rules"/>, checking every rule up front.</summary>
    /// <exception cref="OfflineRuleException">A rule is unusable; the message names the rule and what is wrong.</exception>
    public OfflineChatModel(OfflineRuleSet rules)
    {
        _matcher = new OfflineRuleMatcher(rules);
    }

    /// <inheritdoc/>
    public string ModelId => OfflineModel.ModelId;

    /// <inheritdoc/>
    public Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Answer(request));
    }

    private ChatReply Answer(ChatRequest request)
    {
        var data = request.EventData ?? request.Event.TryGetJsonData();
        var rule = _matcher.Match(request.Event, data);
        var inputTokens = OfflineTokenEstimator.EstimateInput(request);
        if (rule is null)
        {
            return OfflineReplies.Text(OfflineReplies.NoMatch(request.Event), null, inputTokens);
        }

        var results = ResultsSinceEventPrompt(request.Turns);
        if (results.Count == 0 && rule.Calls.Count > 0)
        {
            return OfflineReplies.ToolCalls(rule, request.Event, data, inputTokens);
        }

        var text = rule.Reply?.RenderText(request.Event, data) ?? OfflineReplies.DefaultSummary(rule.Name, results);
        return OfflineReplies.Text(text, rule.Name, inputTokens);
    }

    // Tool results answer the calls made since the event prompt.
    private static List<ChatTurn> ResultsSinceEventPrompt(IReadOnlyList<ChatTurn> turns)
    {
        var start = 0;
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            if (turns[i].Role == ChatRole.User)
            {
                start = i + 1;
                break;
            }
        }

        return [.. turns.Skip(start).Where(t => t.Role == ChatRole.Tool)];
    }
}

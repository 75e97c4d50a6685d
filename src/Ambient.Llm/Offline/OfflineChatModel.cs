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

        // Each model turn since the event prompt asked for one group of the rule's calls; the next group, or the reply.
        var since = SinceEventPrompt(request.Turns);
        var asked = since.Count(t => t.Role == ChatRole.Assistant && t.ToolCalls.Count > 0);
        var results = OfflineResults.Named(rule, since);
        if (asked < rule.Turns.Count)
        {
            return OfflineReplies.ToolCalls(rule, rule.Turns[asked], request.Event, data, results, inputTokens);
        }

        var text = rule.Reply?.RenderText(request.Event, data, results)
            ?? OfflineReplies.DefaultSummary(rule.Name, [.. since.Where(t => t.Role == ChatRole.Tool)]);
        return OfflineReplies.Text(text, rule.Name, inputTokens);
    }

    // The turns that answer the event prompt: a new user message starts over.
    private static List<ChatTurn> SinceEventPrompt(IReadOnlyList<ChatTurn> turns)
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

        return [.. turns.Skip(start)];
    }
}

using System.Text.Json;
using Ambient.Llm;

namespace Ambient.Testing.Runs;

/// <summary>
/// A chat model that answers from a script, one reply per call in order, and keeps every request it got, so a test can
/// assert what the model saw: the tools offered, the turns (tool results, and which are fenced as untrusted).
/// A call past the end of the script fails the run, naming the call.
/// </summary>
public sealed class ScriptedChatModel(string modelId = "scripted") : IChatModel
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<ChatRequest, CancellationToken, Task<ChatReply>>> _script = new();
    private readonly List<ChatRequest> _requests = [];

    /// <summary>Tokens each scripted reply reports.</summary>
    public static TokenUsage Usage { get; } = new(100, 20);

    /// <inheritdoc/>
    public string ModelId => modelId;

    /// <summary>Every request, in call order (also the calls that failed).</summary>
    public IReadOnlyList<ChatRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Replies still in the script.</summary>
    public int Remaining
    {
        get
        {
            lock (_lock)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Next, a reply with text and no tool calls (the run's answer).</summary>
    public ScriptedChatModel Answer(string text) => Then(_ => new ChatReply(text, [], Usage));

    /// <summary>
    /// Next, a reply asking for tools, in order; each call's id is <c>call-N-I</c> (N the model call, I its place in
    /// the reply) and its arguments are <paramref name="calls"/>' objects as JSON.
    /// </summary>
    public ScriptedChatModel CallTools(params (string Tool, object Arguments)[] calls) => CallTools(null, calls);

    /// <summary>As <see cref="CallTools(ValueTuple{string, object}[])"/>, with text alongside.</summary>
    public ScriptedChatModel CallTools(string? text, params (string Tool, object Arguments)[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var call = Remaining + Requests.Count + 1;
        return Then(_ => new ChatReply(text,
            [.. calls.Select((c, i) => new ChatToolCall(FormattableString.Invariant($"call-{call}-{i}"), c.Tool, JsonSerializer.SerializeToElement(c.Arguments)))], Usage));
    }

    /// <summary>Next, the reply <paramref name="reply"/> computes from the request.</summary>
    public ScriptedChatModel Then(Func<ChatRequest, ChatReply> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Then((request, _) => Task.FromResult(reply(request)));
    }

    /// <summary>Next, whatever <paramref name="reply"/> does: answer, throw (<see cref="ModelUnavailableException"/>), wait.</summary>
    public ScriptedChatModel Then(Func<ChatRequest, CancellationToken, Task<ChatReply>> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_lock)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Next, the endpoint is down: the call throws <see cref="ModelUnavailableException"/>.</summary>
    public ScriptedChatModel Unavailable(string message = "The scripted model is down.") =>
        Then((_, _) => Task.FromException<ChatReply>(new ModelUnavailableException(message)));

    /// <inheritdoc/>
    public Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Func<ChatRequest, CancellationToken, Task<ChatReply>>? next;
        int call;
        lock (_lock)
        {
            _requests.Add(request);
            call = _requests.Count;
            _script.TryDequeue(out next);
        }

        return next is null
            ? Task.FromException<ChatReply>(new InvalidOperationException($"Model call {call}: the script has no reply left."))
            : next(request, cancellationToken);
    }
}

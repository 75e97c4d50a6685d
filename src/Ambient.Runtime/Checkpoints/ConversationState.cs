using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Serialization;
using Ambient.Llm;
using Ambient.Runtime.ToolCalls;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// A run's state as checkpointed: the conversation after the prompt (model replies with their tool
/// calls, tool results). The system prompt and the event prompt are not stored: they are rebuilt from
/// the agent and the event, which keeps checkpoints small.
/// </summary>
internal sealed class ConversationState
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const int MaxKeptBufferBytes = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // Each turn's JSON, written once: a turn does not change after it is added, and the state is written at every step.
    private readonly Dictionary<ConversationTurn, byte[]> _turnJson = new(ReferenceEqualityComparer.Instance);

    public List<ConversationTurn> Turns { get; init; } = [];

    /// <summary>Requests to other agents made by the run (see <c>delegate</c> steps); null when it made none.</summary>
    public List<Delegation.PendingDelegation>? Delegations { get; set; }

    /// <summary>True while a delegation of the run waits for its answer.</summary>
    [JsonIgnore]
    public bool IsWaitingForDelegates => Delegations?.Any(d => d.IsPending) == true;

    /// <summary>The tool calls of the last model reply that have no result yet, with their place in the reply.</summary>
    public IReadOnlyList<(int Index, RecordedToolCall Call)> PendingCalls()
    {
        var last = Turns.FindLastIndex(t => t.Role == ConversationTurn.Assistant);
        if (last < 0 || Turns[last].ToolCalls is not { Count: > 0 } calls)
        {
            return [];
        }

        var answered = Turns.Skip(last + 1).Select(t => t.CallId).ToHashSet(StringComparer.Ordinal);
        return [.. calls.Select((call, index) => (index, call)).Where(c => !answered.Contains(c.call.Id))];
    }

    /// <summary>The pending calls not yet decided: without a result and not handed to another agent (a parked step redoes these).</summary>
    public IReadOnlyList<(int Index, RecordedToolCall Call)> UndecidedCalls() =>
        Delegations is null ? PendingCalls() : [.. PendingCalls().Where(c => Delegations.All(d => d.CallId != c.Call.Id))];

    /// <summary>What the model said last, with no tool calls: the run's summary.</summary>
    [JsonIgnore]
    public string? LastAssistantText => Turns.LastOrDefault(t => t.Role == ConversationTurn.Assistant)?.Content;

    /// <summary>The tools the runtime refused during the run.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RefusedTools => [.. Turns.Where(t => t.Refused == true).Select(t => $"{t.Plugin}.{t.Function}")];

    /// <summary>What the policies decided about the run's calls, in order (calls no policy judged are not in it).</summary>
    [JsonIgnore]
    public IReadOnlyList<AuditDecision> Decisions => [.. Turns.Select(t => t.Policy).OfType<AuditDecision>()];

    /// <summary>What the run's model calls cost, as priced when each was made.</summary>
    [JsonIgnore]
    public decimal CostUsd => Turns.Sum(t => t.CostUsd ?? 0);

    /// <summary>How many secrets were masked in the tool results and answers the run was given (the event's are counted apart).</summary>
    public int Masked => Turns.Sum(t => t.Masked ?? 0);

    /// <summary>The fallback model that gave the run's last reply; null when the agent's own model did.</summary>
    public string? LastFallback => Turns.LastOrDefault(t => t.Role == ConversationTurn.Assistant)?.Fallback;

    /// <summary>The confidence the model last stated in the run; null when it stated none.</summary>
    [JsonIgnore]
    public double? Confidence => Turns.Where(t => t.Role == ConversationTurn.Assistant).Select(t => StatedConfidence.In(t.Content)).LastOrDefault(c => c is not null);

    /// <summary>The state as checkpointed: <c>{"turns":[...],"delegations":[...]}</c>, each turn serialized only once.</summary>
    public JsonText ToJson()
    {
        // Written into a per-thread buffer (this is synchronous), then copied out once at its final size.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteStartArray("turns");
        foreach (var turn in Turns)
        {
            writer.WriteRawValue(TurnJson(turn), skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (Delegations is not null)
        {
            writer.WritePropertyName("delegations");
            JsonSerializer.Serialize(writer, Delegations, s_json);
        }

        writer.WriteEndObject();
        writer.Flush();
        var state = JsonText.FromTrustedUtf8(buffer.WrittenSpan.ToArray());
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            // The writer holds the buffer too: both go, or the large buffer would stay with the thread.
            (t_buffer, t_writer) = (null, null);
        }

        return state;
    }

    /// <summary>One turn as JSON (a model exchange records its reply this way), serialized once for the state too.</summary>
    public JsonText ToJson(ConversationTurn turn) => JsonText.FromTrustedUtf8(TurnJson(turn));

    private byte[] TurnJson(ConversationTurn turn)
    {
        if (!_turnJson.TryGetValue(turn, out var json))
        {
            _turnJson[turn] = json = JsonSerializer.SerializeToUtf8Bytes(turn, s_json);
        }

        return json;
    }

    public static ConversationState FromJson(JsonText json) => FromJson(json.Element);

    public static ConversationState FromJson(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object ? json.Deserialize<ConversationState>(s_json) ?? new() : new();

    /// <summary>The stored turns as the model is shown them, after the event prompt.</summary>
    public IEnumerable<ChatTurn> ToChatTurns() => Turns.Select(t => t.ToChatTurn());

    public static JsonElement Serialize<T>(T value) => JsonSerializer.SerializeToElement(value, s_json);

    public static T? Deserialize<T>(JsonElement json) => json.Deserialize<T>(s_json);

    public static T? Deserialize<T>(JsonText json) => Deserialize<T>(json.Element);
}

/// <summary>One message of the stored conversation.</summary>
internal sealed record ConversationTurn
{
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    public required string Role { get; init; }

    public string? Content { get; init; }

    /// <summary>Assistant turns: the tool calls the model asked for.</summary>
    public List<RecordedToolCall>? ToolCalls { get; init; }

    /// <summary>Assistant turns: the offline rule that answered, which the offline model reads back.</summary>
    public string? Rule { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>Assistant turns: what the model call cost in US dollars, as priced when it was made; null when nothing.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>How many secrets were masked in this result before the model read it; null when none.</summary>
    public int? Masked { get; init; }

    /// <summary>For a reply: the fallback model that gave it, when the agent's own model did not; null otherwise.</summary>
    public string? Fallback { get; init; }

    /// <summary>Tool turns: the call this answers.</summary>
    public string? CallId { get; init; }

    public string? Plugin { get; init; }

    public string? Function { get; init; }

    public bool? Refused { get; init; }

    /// <summary>Tool turns: a read tool's result (journaled: a resume and a recorded replay use it instead of reading again).</summary>
    public bool? Read { get; init; }

    /// <summary>Tool turns: what the policies decided about the call (and who approved it), for the audit.</summary>
    public AuditDecision? Policy { get; init; }

    public static ConversationTurn FromReply(ChatReply reply, decimal costUsd = 0)
    {
        var calls = reply.ToolCalls.Select(RecordedToolCall.From).ToList();
        return new ConversationTurn
        {
            Role = Assistant,
            Content = reply.Text,
            ToolCalls = calls.Count == 0 ? null : calls,
            Rule = reply.Rule,
            InputTokens = reply.Usage.Input,
            OutputTokens = reply.Usage.Output,
            CostUsd = costUsd == 0 ? null : costUsd,
            Fallback = reply.Fallback,
        };
    }

    public static ConversationTurn FromResult(RecordedToolCall call, ToolCallOutcome outcome) => new()
    {
        Role = Tool,
        CallId = call.Id,
        Plugin = call.Plugin,
        Function = call.Function,
        Content = outcome.Content,
        Refused = outcome.Result == ToolCallOutcome.Refused ? true : null,
        Read = outcome.IsRead ? true : null,
        Policy = outcome.Decision,
        Masked = outcome.Masked > 0 ? outcome.Masked : null,
    };

    /// <summary>The turn as the model is shown it; a read result is marked as data from outside.</summary>
    public ChatTurn ToChatTurn() => Role == Tool
        ? ChatTurn.ToolResult(CallId ?? string.Empty, $"{Plugin}.{Function}", Content ?? string.Empty, untrusted: Read == true)
        : ChatTurn.Assistant(Content, ToolCalls?.Select(c => c.ToChatToolCall()).ToList(), Rule);
}

/// <summary>A tool call as the model asked for it; arguments as JSON so a resumed run calls the tool with the same values.</summary>
internal sealed record RecordedToolCall(string Id, string Plugin, string Function, JsonElement Arguments)
{
    // Derived, so not stored: every checkpoint holding the call would carry it again.
    [JsonIgnore]
    public string Name => $"{Plugin}.{Function}";

    public ChatToolCall ToChatToolCall() => new(Id, Name, Arguments);

    public static RecordedToolCall From(ChatToolCall call)
    {
        var dot = call.Name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            ? new RecordedToolCall(call.Id, call.Name[..dot], call.Name[(dot + 1)..], call.Arguments)
            : new RecordedToolCall(call.Id, string.Empty, call.Name, call.Arguments);
    }
}

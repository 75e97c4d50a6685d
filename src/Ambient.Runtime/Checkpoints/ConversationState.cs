using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ambient.Abstractions.Serialization;
using Ambient.Llm;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

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

    /// <summary>The tool calls of the last model reply that have no result yet.</summary>
    public IReadOnlyList<RecordedToolCall> PendingCalls()
    {
        var last = Turns.FindLastIndex(t => t.Role == ConversationTurn.Assistant);
        if (last < 0 || Turns[last].ToolCalls is not { Count: > 0 } calls)
        {
            return [];
        }

        var answered = Turns.Skip(last + 1).Select(t => t.CallId).ToHashSet(StringComparer.Ordinal);
        return [.. calls.Where(c => !answered.Contains(c.Id))];
    }

    /// <summary>What the model said last, with no tool calls: the run's summary.</summary>
    [JsonIgnore]
    public string? LastAssistantText => Turns.LastOrDefault(t => t.Role == ConversationTurn.Assistant)?.Content;

    /// <summary>The tools the runtime refused during the run.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RefusedTools => [.. Turns.Where(t => t.Refused == true).Select(t => $"{t.Plugin}.{t.Function}")];

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

    /// <summary>Adds the stored turns to a chat history that already holds the system and event prompts.</summary>
    public void AppendTo(ChatHistory history)
    {
        foreach (var turn in Turns)
        {
            history.Add(turn.ToMessage());
        }
    }

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

    /// <summary>Tool turns: the call this answers.</summary>
    public string? CallId { get; init; }

    public string? Plugin { get; init; }

    public string? Function { get; init; }

    public bool? Refused { get; init; }

    public static ConversationTurn FromReply(ChatMessageContent reply)
    {
        var usage = TokenUsage.From(reply);
        var calls = reply.Items.OfType<FunctionCallContent>()
            .Select(c => new RecordedToolCall(c.Id ?? string.Empty, c.PluginName ?? string.Empty, c.FunctionName, ConversationState.Serialize(ArgumentsOf(c))))
            .ToList();
        return new ConversationTurn
        {
            Role = Assistant,
            Content = reply.Content,
            ToolCalls = calls.Count == 0 ? null : calls,
            Rule = reply.Metadata?.TryGetValue(Llm.Offline.OfflineModel.RuleMetadataKey, out var rule) == true ? rule as string : null,
            InputTokens = usage.Input,
            OutputTokens = usage.Output,
        };
    }

    public static ConversationTurn FromResult(RecordedToolCall call, FunctionResultContent result, bool refused) => new()
    {
        Role = Tool,
        CallId = call.Id,
        Plugin = call.Plugin,
        Function = call.Function,
        Content = result.Result?.ToString(),
        Refused = refused ? true : null,
    };

    public ChatMessageContent ToMessage()
    {
        if (Role == Tool)
        {
            return new FunctionResultContent(Function, Plugin, CallId, Content).ToChatMessage();
        }

        var message = new ChatMessageContent(AuthorRole.Assistant, Content, metadata: new Dictionary<string, object?>
        {
            [Llm.Offline.OfflineModel.RuleMetadataKey] = Rule,
            [TokenUsage.MetadataKey] = new TokenUsage(InputTokens, OutputTokens),
        });
        foreach (var call in ToolCalls ?? [])
        {
            message.Items.Add(call.ToContent());
        }

        return message;
    }

    private static Dictionary<string, object?> ArgumentsOf(FunctionCallContent call) =>
        call.Arguments?.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) ?? [];
}

/// <summary>A tool call as the model asked for it; arguments as JSON so a resumed run calls the tool with the same values.</summary>
internal sealed record RecordedToolCall(string Id, string Plugin, string Function, JsonElement Arguments)
{
    // Derived, so not stored: every checkpoint holding the call would carry it again.
    [JsonIgnore]
    public string Name => $"{Plugin}.{Function}";

    public FunctionCallContent ToContent()
    {
        var arguments = new KernelArguments();
        if (Arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in Arguments.EnumerateObject())
            {
                // Strings stay strings; other values go as JsonElement, which kernel functions deserialize into their parameter types.
                arguments[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.Clone(),
                };
            }
        }

        return new FunctionCallContent(Function, Plugin, Id, arguments);
    }
}

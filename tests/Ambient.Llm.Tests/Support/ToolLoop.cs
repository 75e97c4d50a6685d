using System.Globalization;
using System.Text.Json;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Tests.Support;

/// <summary>
/// The tool-calling loop the runtime runs, reduced: ask the model, run the tools it asks for (here, recorders of their
/// arguments), add the results, and ask again until it answers without calls.
/// </summary>
internal sealed class ToolLoop(IChatModel model, AmbientEvent @event)
{
    public List<string> Calls { get; } = [];

    public List<ChatTurn> Turns { get; } = [ChatTurn.User("A GitHub issue was opened.")];

    /// <summary>What a tool returns, by name; tools not listed answer <c>ok: name(arguments)</c>.</summary>
    public Dictionary<string, string> Results { get; } = [];

    public ChatRequest Request() => new("You triage GitHub issues.", Turns, [], 256, @event);

    public async Task<IReadOnlyList<ChatReply>> RunAsync(CancellationToken cancellationToken, int maxTurns = 5)
    {
        var replies = new List<ChatReply>();
        for (var turn = 0; turn < maxTurns; turn++)
        {
            var reply = await model.CompleteAsync(Request(), cancellationToken);
            replies.Add(reply);
            if (reply.ToolCalls.Count == 0)
            {
                return replies;
            }

            Turns.Add(ChatTurn.Assistant(reply.Text, reply.ToolCalls, reply.Rule));
            foreach (var call in reply.ToolCalls)
            {
                var described = $"{call.Name}({Describe(call.Arguments)})";
                Calls.Add(described);
                Turns.Add(ChatTurn.ToolResult(call.Id, call.Name, Results.GetValueOrDefault(call.Name, $"ok: {described}"), untrusted: false));
            }
        }

        throw new InvalidOperationException($"The model still asked for tools after {maxTurns} turns.");
    }

    private static string Describe(JsonElement arguments) => string.Join("|", arguments.EnumerateObject().Select(p => p.Value.ValueKind switch
    {
        JsonValueKind.Array => $"[{string.Join(",", p.Value.EnumerateArray().Select(i => i.ToString()))}]",
        JsonValueKind.True or JsonValueKind.False => p.Value.GetBoolean().ToString(CultureInfo.InvariantCulture),
        _ => p.Value.ToString(),
    }));
}

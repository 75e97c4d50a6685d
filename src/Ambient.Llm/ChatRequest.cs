using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Tools;

namespace Ambient.Llm;

/// <summary>One model call: the system prompt, the conversation so far (the event prompt first), the tools it may ask for.</summary>
/// <param name="SystemPrompt">The agent's system prompt, with the runtime's notice about untrusted data.</param>
/// <param name="Turns">The event prompt, then the model's replies and the tool results, in order.</param>
/// <param name="Tools">The tools offered; the model may ask only for these.</param>
/// <param name="MaxOutputTokens">The reply's token limit.</param>
/// <param name="Event">The event the run processes (the offline model matches its rules against it).</param>
public sealed record ChatRequest(string SystemPrompt, IReadOnlyList<ChatTurn> Turns, IReadOnlyList<ToolDescriptor> Tools, int MaxOutputTokens, AmbientEvent Event)
{
    /// <summary>The event's data, parsed once for the run, if it is JSON.</summary>
    public JsonElement? EventData { get; init; }

    /// <summary>
    /// The most this call can use: its input, estimated at about four characters a token (what the offline model
    /// counts), plus <see cref="MaxOutputTokens"/>. What a budget reserves before the call: input is most of a call, and
    /// reserving the output limit alone let a flood spend several times its budget.
    /// </summary>
    public long WorstCaseTokens() => Offline.OfflineTokenEstimator.EstimateInput(this) + MaxOutputTokens;
}

using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Llm;
using Ambient.Runtime.Checkpoints;
using Ambient.Testing.Runs;

namespace Ambient.Runtime.Tests.Runs;

/// <summary>Reading what a run left behind: the model's view of a tool result, and the run's checkpoints.</summary>
internal static class RunChecks
{
    /// <summary>The tool result answering <paramref name="callId"/> in what the model was sent.</summary>
    public static ChatTurn ToolTurn(ChatRequest request, string callId) =>
        Assert.Single(request.Turns, t => t.Role == ChatRole.Tool && t.CallId == callId);

    /// <summary>The checkpointed steps of the harness's run of <paramref name="input"/>, by index (latest version of each).</summary>
    public static Task<IReadOnlyList<Checkpoint>> StepsAsync(RunHarness harness, AmbientEvent input) =>
        harness.Log.StepsAsync(harness.RunIdOf(input));

    /// <summary>The stored tool turn answering <paramref name="callId"/> in a step's conversation, or null.</summary>
    public static ConversationTurn? StoredResult(Checkpoint step, string callId) =>
        ConversationState.FromJson(step.State).Turns.SingleOrDefault(t => t.Role == ConversationTurn.Tool && t.CallId == callId);
}

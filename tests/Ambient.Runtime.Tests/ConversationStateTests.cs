using System.Text.Json;
using Ambient.Runtime.Checkpoints;

namespace Ambient.Runtime.Tests;

public sealed class ConversationStateTests
{
    [Fact]
    public void ToJsonFromJson_ToolCallsAndResults_RoundTripWithoutDerivedFields()
    {
        var arguments = JsonSerializer.SerializeToElement(new { repository = "acme/shop", issueNumber = 42, labels = new[] { "bug" } });
        var state = new ConversationState
        {
            Turns =
            [
                new ConversationTurn { Role = ConversationTurn.Assistant, ToolCalls = [new RecordedToolCall("call_0", "github", "add_labels", arguments)], InputTokens = 10, OutputTokens = 2 },
                new ConversationTurn { Role = ConversationTurn.Tool, CallId = "call_0", Plugin = "github", Function = "add_labels", Content = "proposed" },
            ],
        };

        var json = state.ToJson().Element;
        var read = ConversationState.FromJson(json);

        // Only what cannot be derived is stored: the turns (delegations when there are any).
        Assert.Equal(["turns"], json.EnumerateObject().Select(p => p.Name));
        // The call's name is derived from plugin and function: checkpoints do not carry it once per step.
        Assert.False(json.GetProperty("turns")[0].GetProperty("toolCalls")[0].TryGetProperty("name", out _));
        var call = Assert.Single(read.Turns[0].ToolCalls!);
        Assert.Equal("github.add_labels", call.Name);
        Assert.Equal(arguments.GetRawText(), call.Arguments.GetRawText());
        Assert.Empty(read.PendingCalls());
        Assert.Equal(state.Turns[1], read.Turns[1]);
    }

    [Fact]
    public void ToJson_TurnsAddedBetweenSteps_EachStepHoldsEveryTurnSoFarAndTheDelegations()
    {
        var state = new ConversationState();
        state.Turns.Add(new ConversationTurn { Role = ConversationTurn.Assistant, Content = "first" });
        var first = state.ToJson().Element;
        state.Turns.Add(new ConversationTurn { Role = ConversationTurn.Tool, CallId = "call_0", Plugin = "a2a", Function = "delegate", Content = "asked" });
        state.Delegations = [new Delegation.PendingDelegation { MessageId = "m1", TaskId = "t1", ContextId = "c1", Agent = "incident-responder", Text = "why?", CallId = "call_0", Plugin = "a2a", Function = "delegate" }];
        var second = state.ToJson().Element;

        Assert.Equal(1, first.GetProperty("turns").GetArrayLength());
        Assert.Equal(["turns", "delegations"], second.EnumerateObject().Select(p => p.Name));
        var read = ConversationState.FromJson(second);
        Assert.Equal(state.Turns, read.Turns);
        Assert.Equal("incident-responder", Assert.Single(read.Delegations!).Agent);
        Assert.Equal(second.GetProperty("turns")[0].GetRawText(), state.ToJson(state.Turns[0]).ToString());
        Assert.Equal("first", state.ToJson(state.Turns[0]).Element.GetProperty("content").GetString());
    }
}

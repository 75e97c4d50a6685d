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

        var json = state.ToJson();
        var read = ConversationState.FromJson(json);

        // The call's name is derived from plugin and function: checkpoints do not carry it once per step.
        Assert.False(json.GetProperty("turns")[0].GetProperty("toolCalls")[0].TryGetProperty("name", out _));
        var call = Assert.Single(read.Turns[0].ToolCalls!);
        Assert.Equal("github.add_labels", call.Name);
        Assert.Equal(arguments.GetRawText(), call.Arguments.GetRawText());
        Assert.Empty(read.PendingCalls());
        Assert.Equal(state.Turns[1], read.Turns[1]);
    }
}

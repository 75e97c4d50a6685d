using System.Text.Json;
using Ambient.Abstractions.Tools;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

public sealed class EffectToolTests
{
    private const string Lookup = "ops.lookup";
    private const string Restart = "ops.restart";

    [Fact]
    public async Task EffectToolAction_IsPublishedUnderItsDeterministicId_AndTheModelReadsItsSummary()
    {
        var lookup = ScriptedTool.Read(Lookup, _ => "web-1 is crash-looping");
        var restart = ScriptedTool.Effect(Restart, call => ToolResult.Action("kubernetes", "restart_pod",
            JsonSerializer.SerializeToElement(new { pod = call.Arguments.GetString("query"), @namespace = "prod" }), "restart pod prod/web-1"));
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup, Restart]), [lookup, restart]);
        var input = RunHarness.Event();
        harness.Model.CallTools("Restarting the crash-looping pod.", (Lookup, new { query = "web-1" }), (Restart, new { query = "web-1" })).Answer("Restarted web-1.");

        await harness.ProcessAsync(input);

        // Steps: perceive 0, reason 1, act 2; the restart is the reply's second call.
        var run = harness.RunIdOf(input);
        var id = $"{run}/2/1";
        var action = Assert.Single(harness.Actions);
        Assert.Equal((id, run, harness.Agent.Name, "kubernetes", "restart_pod"), (action.Id, action.RunId, action.Agent, action.Target, action.Operation));
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(new { pod = "web-1", @namespace = "prod" }), action.Arguments), action.Arguments.GetRawText());
        Assert.Equal((input.Id, input.Type, "Restarting the crash-looping pod."), (action.EventId, action.EventType, action.ReasoningSummary));
        Assert.Equal("entity-1", Assert.Single(harness.Publisher.On(harness.Topics.Actions)).Key);

        var seen = ToolTurn(harness.Model.Requests[1], "call-1-1");
        Assert.Equal(($"Proposed action {id}: restart pod prod/web-1.", false), (seen.Content, seen.IsUntrusted));
        Assert.Equal([id], Assert.Single(harness.Audits).ActionIds);
        Assert.Equal([id], (await StepsAsync(harness, input))[2].Actions.Select(a => a.Id));
    }
}

using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Tools;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

/// <summary>A read tool that fails, in every way it can, fails its call with an error the model reads, never the run.</summary>
public sealed class ToolFailureTests
{
    private const string Lookup = "ops.lookup";

    public static TheoryData<string, string> Failures => new()
    {
        { "throws", "Error: ops.lookup failed: the API is down" },
        { "returns Failed", "Error: no pod named web-9" },
        { "hangs", "Error: ops.lookup did not answer within 1 s (limits.toolTimeoutSeconds)." },
        { "bad arguments", "Error: query must name a pod" },
        { "proposes an action", "Error: ops.lookup returned Action, which a read tool may not return." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task FailingReadTool_FailsTheCallNotTheRun(string failure, string expected)
    {
        var tool = ScriptedTool.Read(Lookup, async (_, cancellationToken) => failure switch
        {
            "throws" => throw new InvalidOperationException("the API is down"),
            "returns Failed" => ToolResult.Failed("no pod named web-9"),
            "hangs" => await HangAsync(cancellationToken),
            "bad arguments" => throw new ToolArgumentException("query must name a pod"),
            _ => ToolResult.Action("kubernetes", "delete_pod", JsonSerializer.SerializeToElement(new { pod = "web-9" }), "delete pod web-9"),
        });
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup], limits: "{ toolTimeoutSeconds: 1 }"), [tool]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "web-9" })).Answer("Could not look.");

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        Assert.Single(tool.Calls);
        Assert.Equal(expected, ToolTurn(harness.Model.Requests[1], "call-1-0").Content);
        Assert.Equal(RunOutcomes.Completed, Assert.Single(harness.Audits).Outcome);
        Assert.Empty(harness.Actions);
        var finish = (await StepsAsync(harness, input))[^1];
        Assert.Equal((StepNames.Finish, CheckpointStatus.Succeeded), (finish.StepName, finish.Status));
    }

    [Fact]
    public async Task EffectToolThatThrows_FailsTheCallNotTheRun()
    {
        const string Page = "ops.page";
        var tool = ScriptedTool.Effect(Page, _ => throw new InvalidOperationException("a bug in the team's tool"));
        var harness = new RunHarness(RunHarness.AgentYaml([Page]), [tool]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Page, new { who = "on-call" })).Answer("Could not page.");

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        Assert.Equal("Error: ops.page failed: a bug in the team's tool", ToolTurn(harness.Model.Requests[1], "call-1-0").Content);
        Assert.Equal(RunOutcomes.Completed, Assert.Single(harness.Audits).Outcome);
        Assert.Empty(harness.Actions);
    }

    private static async Task<ToolResult> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return ToolResult.Content("never");
    }
}

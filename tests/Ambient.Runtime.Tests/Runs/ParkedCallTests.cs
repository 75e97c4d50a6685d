using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.ToolCalls;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

public sealed class ParkedCallTests
{
    private const string Lookup = "ops.lookup";
    private const string Restart = "ops.restart";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ParkedCall_WaitsUndecided_ThenIsProposedOnceWhenAllowed(bool restartWorker)
    {
        var lookup = ScriptedTool.Read(Lookup, _ => "web-1 is crash-looping");
        var restart = ScriptedTool.Effect(Restart, _ => ToolResult.Action("kubernetes", "restart_pod", JsonSerializer.SerializeToElement(new { pod = "web-1" }), "restart web-1"));
        var approval = new ScriptedFilter(c => c.ToolName == Restart ? ToolCallDecision.Park("needs on-call approval") : ToolCallDecision.Allow);
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup, Restart]), [lookup, restart], [approval]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "web-1" }), (Restart, new { query = "web-1" })).Answer("Restarted web-1.");

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        var run = harness.RunIdOf(input);
        var parked = (await StepsAsync(harness, input))[^1];
        Assert.Equal((StepNames.Act, CheckpointStatus.Waiting), (parked.StepName, parked.Status));
        Assert.Contains("needs on-call approval", parked.Note, StringComparison.Ordinal);
        Assert.NotNull(StoredResult(parked, "call-1-0"));
        Assert.Null(StoredResult(parked, "call-1-1"));
        Assert.Equal(CheckpointStatus.Waiting, (await harness.Log.HeadAsync(run))?.Status);
        Assert.Empty(harness.Actions);
        Assert.Empty(restart.Calls);
        Assert.Empty(harness.Audits);

        // Delivered again while the filter still parks it: no new step per delivery, the call is asked about again.
        var stepsWhileParked = (await StepsAsync(harness, input)).Count;
        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));
        Assert.Equal(stepsWhileParked, (await StepsAsync(harness, input)).Count);
        Assert.Equal(2, approval.Seen.Count(c => c.ToolName == Restart));

        approval.Decide = _ => ToolCallDecision.Allow;
        if (restartWorker)
        {
            harness.Restart();
        }

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        // Steps: perceive 0, reason 1, act 2 (parked), act 3; the restart keeps its place in the reply.
        var id = $"{run}/3/1";
        Assert.Equal(id, Assert.Single(harness.Actions).Id);
        Assert.Single(lookup.Calls);
        Assert.Equal(2, harness.Model.Requests.Count);
        Assert.Equal($"Proposed action {id}: restart web-1.", ToolTurn(harness.Model.Requests[1], "call-1-1").Content);
        var audit = Assert.Single(harness.Audits);
        Assert.Equal((RunOutcomes.Completed, id), (audit.Outcome, Assert.Single(audit.ActionIds)));

        // Driven once more, the finished run publishes nothing.
        await harness.ProcessAsync(input);
        Assert.Equal((1, 1), (harness.Actions.Count, harness.Audits.Count));
    }
}

using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Llm;
using Ambient.Runtime.Tools;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

public sealed class ReadToolTests
{
    private const string Lookup = "ops.lookup";

    private readonly ScriptedTool _lookup = ScriptedTool.Read(Lookup, call => $"{call.Arguments.GetOptionalString("query")}: 93% full");

    [Fact]
    public async Task ReadResult_IsJournaledInTheActStepBeforeTheNextModelCall_AndReachesTheModelUntrusted()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup]);
        var input = RunHarness.Event();
        IReadOnlyList<Checkpoint> journaled = [];
        harness.Model.CallTools((Lookup, new { query = "disk" })).Then(async (_, _) =>
        {
            journaled = await StepsAsync(harness, input);
            return new ChatReply("The disk is almost full.", [], ScriptedChatModel.Usage);
        });

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        Assert.Equal("disk", Assert.Single(_lookup.Calls).Arguments.GetOptionalString("query"));
        Assert.Equal([Lookup], harness.Model.Requests[0].Tools.Select(t => t.Name));
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Act], journaled.Select(s => s.StepName));
        var stored = StoredResult(journaled[^1], "call-1-0");
        Assert.Equal(("disk: 93% full", true), (stored?.Content, stored?.Read == true));

        var seen = ToolTurn(harness.Model.Requests[1], "call-1-0");
        Assert.Equal(("disk: 93% full", Lookup, true), (seen.Content, seen.ToolName, seen.IsUntrusted));
        var audit = Assert.Single(harness.Audits);
        Assert.Equal((RunOutcomes.Completed, "The disk is almost full."), (audit.Outcome, audit.ReasoningSummary));
    }

    [Fact]
    public async Task ResumedRun_NeitherReadsAgainNorAsksTheModelForRecordedSteps()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "disk" })).Unavailable();
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => harness.ProcessAsync(input));
        Assert.Single(_lookup.Calls);
        Assert.Empty(harness.Audits);

        // Another worker takes the event over: it has only the log.
        harness.Restart();
        harness.Model.Answer("The disk is almost full.");
        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        Assert.Single(_lookup.Calls);
        Assert.Equal(3, harness.Model.Requests.Count);
        var seen = ToolTurn(harness.Model.Requests[2], "call-1-0");
        Assert.Equal(("disk: 93% full", true), (seen.Content, seen.IsUntrusted));
        Assert.Equal(RunOutcomes.Completed, Assert.Single(harness.Audits).Outcome);

        // Redelivered once finished: nothing is asked, read or published again.
        harness.Restart();
        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));
        Assert.Equal((1, 3, 1), (_lookup.Calls.Count, harness.Model.Requests.Count, harness.Audits.Count));
    }

    [Fact]
    public async Task UnacknowledgedReasonStep_IsAskedAgain_AndTheReadRunsOnlyAfterItIsDurable()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "disk" })).CallTools((Lookup, new { query = "disk" })).Answer("Almost full.");

        // The perceive step is acknowledged, the reason step is not.
        harness.Log.FailWrites(new IOException("broker down"), after: 1);
        await Assert.ThrowsAsync<IOException>(() => harness.ProcessAsync(input));
        Assert.Empty(_lookup.Calls);
        Assert.Equal([StepNames.Perceive], (await StepsAsync(harness, input)).Select(s => s.StepName));

        harness.Log.HealWrites();
        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));
        Assert.Single(_lookup.Calls);
        Assert.Equal(3, harness.Model.Requests.Count);
        Assert.Equal(RunOutcomes.Completed, Assert.Single(harness.Audits).Outcome);
    }

    [Fact]
    public async Task ResultOverTheCap_IsCutWithTheTruncationMarker()
    {
        var big = ScriptedTool.Read(Lookup, _ => new string('x', 250));
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [big], toolOptions: new ToolOptions { MaxResultCharacters = 100 });
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "logs" })).Answer("Long logs.");

        await harness.ProcessAsync(input);

        var expected = new string('x', 100) + "\n... (truncated: the first 100 of 250 characters are shown)";
        Assert.Equal(expected, ToolTurn(harness.Model.Requests[1], "call-1-0").Content);
        Assert.Equal(expected, StoredResult((await StepsAsync(harness, input))[^1], "call-1-0")?.Content);
    }
}

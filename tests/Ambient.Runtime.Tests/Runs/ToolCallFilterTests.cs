using Ambient.Runtime.ToolCalls;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

public sealed class ToolCallFilterTests
{
    private const string Lookup = "ops.lookup";

    private readonly ScriptedTool _lookup = ScriptedTool.Read(Lookup, _ => "all green");

    [Fact]
    public async Task UnlistedAndUnknownTools_AreRefusedByTheAllowList_BeforeAnyOtherFilter()
    {
        var filter = new ScriptedFilter();
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup], [filter]);
        var input = RunHarness.Event();
        // github.comment is a tool of the worker the agent does not list; nosuch.tool is no tool at all.
        harness.Model.CallTools(("github.comment", new { repository = "o/r", issueNumber = 1, body = "hi" }), ("nosuch.tool", new { })).Answer("Done.");

        await harness.ProcessAsync(input);

        Assert.Equal([Lookup], harness.Model.Requests[0].Tools.Select(t => t.Name));
        Assert.Equal("Refused: the tool 'github.comment' is not allowed for agent 'tester'.", ToolTurn(harness.Model.Requests[1], "call-1-0").Content);
        Assert.Equal("Refused: the tool 'nosuch.tool' is not allowed for agent 'tester'.", ToolTurn(harness.Model.Requests[1], "call-1-1").Content);
        Assert.Equal(["github.comment", "nosuch.tool"], Assert.Single(harness.Audits).RefusedTools);
        Assert.Empty(filter.Seen);
        Assert.Empty(harness.Actions);
    }

    [Fact]
    public async Task FilterDenial_IsTheResultTheModelReads_AndTheToolIsNotCalled()
    {
        var freeze = new ScriptedFilter(c => c.ToolName == Lookup ? ToolCallDecision.Deny("Change freeze: no lookups until Monday.") : ToolCallDecision.Allow);
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup], [freeze]);
        harness.Model.CallTools((Lookup, new { query = "web-1" })).Answer("Frozen.");

        await harness.ProcessAsync(RunHarness.Event());

        Assert.Empty(_lookup.Calls);
        var seen = ToolTurn(harness.Model.Requests[1], "call-1-0");
        Assert.Equal(("Change freeze: no lookups until Monday.", false), (seen.Content, seen.IsUntrusted));
        Assert.Equal([Lookup], Assert.Single(harness.Audits).RefusedTools);
    }

    [Fact]
    public async Task Filters_RunInRegistrationOrder_AndTheFirstThatDoesNotAllowDecides()
    {
        var first = new ScriptedFilter();
        var second = new ScriptedFilter(_ => ToolCallDecision.Deny("second says no"));
        var third = new ScriptedFilter(_ => ToolCallDecision.Deny("third says no"));
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [_lookup], [first, second, third]);
        var input = RunHarness.Event();
        harness.Model.CallTools(("github.comment", new { }), (Lookup, new { query = "web-1" })).Answer("Denied.");

        await harness.ProcessAsync(input);

        // The unlisted call stopped at the allow-list; the listed one passed the first filter and stopped at the second.
        var context = Assert.Single(first.Seen);
        Assert.Equal((Lookup, "call-1-1", harness.RunIdOf(input), input.Id), (context.ToolName, context.CallId, context.RunId, context.Event.Id));
        Assert.Same(_lookup, context.Tool);
        Assert.Single(second.Seen);
        Assert.Empty(third.Seen);
        Assert.Equal("second says no", ToolTurn(harness.Model.Requests[1], "call-1-1").Content);
        Assert.Empty(_lookup.Calls);
    }
}

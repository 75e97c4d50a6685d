using System.Text.Json;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.Replays;
using Ambient.Testing.Runs;

namespace Ambient.Runtime.Tests.Runs;

public sealed class ReplayTests
{
    private const string Lookup = "ops.lookup";
    private const string Restart = "ops.restart";

    private readonly ScriptedTool _lookup;
    private readonly RunHarness _harness;
    private int _reads;

    public ReplayTests()
    {
        // Each read sees the world as it is then: the first one and a later one differ.
        _lookup = ScriptedTool.Read(Lookup, _ => $"web-1 restarted {Interlocked.Increment(ref _reads)} times");
        var restart = ScriptedTool.Effect(Restart, _ => ToolResult.Action("kubernetes", "restart_pod", JsonSerializer.SerializeToElement(new { pod = "web-1" }), "restart web-1"));
        _harness = new RunHarness(RunHarness.AgentYaml([Lookup, Restart]), [_lookup, restart]);
    }

    [Fact]
    public async Task RecordedReplay_AnswersReadsFromTheOriginal_AndFindsNoDifference()
    {
        var input = RunHarness.Event();
        Script();
        await _harness.ProcessAsync(input);

        var report = await _harness.ReplayAsync(input, ReplayMode.Recorded);

        var run = Assert.Single(report.Runs);
        Assert.True(run.HadRecording);
        Assert.Empty(run.Differences);
        Assert.Equal((1, 1), (run.OriginalActions, run.ReplayActions));
        Assert.Single(_lookup.Calls);
        Assert.Equal(2, _harness.Model.Requests.Count);
        Assert.Equal($"{_harness.RunIdOf(input)}~replay-1/2/1", Assert.Single(_harness.Publisher.Actions(_harness.Topics.ShadowActions)).Id);
        Assert.Single(_harness.Actions);
    }

    [Fact]
    public async Task LiveReplay_ReadsAgain_AndReportsTheChangedRead()
    {
        var input = RunHarness.Event();
        Script();
        await _harness.ProcessAsync(input);
        Script();

        var report = await _harness.ReplayAsync(input, ReplayMode.Live);

        Assert.Equal(2, _lookup.Calls.Count);
        Assert.Equal(4, _harness.Model.Requests.Count);
        var difference = Assert.Single(Assert.Single(report.Runs).Differences);
        Assert.Equal("read 1 (ops.lookup) changed at character 16: original web-1 restarted 1 times, replay web-1 restarted 2 times", difference);
    }

    private void Script() =>
        _harness.Model.CallTools((Lookup, new { query = "web-1" }), (Restart, new { query = "web-1" })).Answer("Restarted web-1.");
}

using Ambient.Abstractions.Checkpoints;
using Ambient.Testing.Runs;

namespace Ambient.Runtime.Tests.Runs;

/// <summary>The in-memory checkpoints topic behaves as the compacted Kafka topic the runtime relies on.</summary>
public sealed class InMemoryCheckpointLogTests
{
    [Fact]
    public async Task Compact_KeepsTheLatestRecordOfEachKey_DropsTombstonedKeys_AndKeepsOffsets()
    {
        var log = new InMemoryCheckpointLog();
        await log.WriteAsync(0, [new("a", [1]), new("b", [2]), new("a", [3]), new("b", null), new("c", [4])], TestContext.Current.CancellationToken);

        log.Compact();

        Assert.Equal([("a", 2L, (byte)3), ("c", 4L, (byte)4)], log.Records().Select(r => (r.Key, r.Offset, r.Value![0])));
        Assert.Equal(5, log.EndOffset());
    }

    [Fact]
    public async Task FailedWrite_IsNotInTheLog()
    {
        var log = new InMemoryCheckpointLog();
        log.FailWrites(new IOException("broker down"), after: 1);

        await log.WriteAsync(0, [new("a", [1])], TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<IOException>(() => log.WriteAsync(0, [new("b", [2])], TestContext.Current.CancellationToken));
        log.HealWrites();
        await log.WriteAsync(0, [new("c", [3])], TestContext.Current.CancellationToken);

        Assert.Equal([("a", 0L), ("c", 1L)], log.Records().Select(r => (r.Key, r.Offset)));
    }

    [Fact]
    public async Task FinishedRun_IsStillRecognisedAfterCompaction()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([]));
        var input = RunHarness.Event();
        harness.Model.Answer("Nothing to do.");
        await harness.ProcessAsync(input);

        harness.Log.Compact();
        harness.Restart();
        await harness.ProcessAsync(input);

        Assert.Single(harness.Model.Requests);
        Assert.Single(harness.Audits);
        Assert.Equal(StepNames.Finish, (await harness.Log.StepsAsync(harness.RunIdOf(input)))[^1].StepName);
    }
}

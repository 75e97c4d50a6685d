using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;

namespace Ambient.Runtime.Tests;

public sealed class RunIdTests
{
    [Fact]
    public void For_SameSourceAndId_SameRunWhateverTheRecord()
    {
        var run = RunId.For("github-triage", "https://github.com/octo/hello", "delivery-1");

        Assert.Equal(run, RunId.For("github-triage", "https://github.com/octo/hello", "delivery-1"));
        Assert.Matches("^github-triage-[0-9a-f]{16}$", run.Value);
    }

    [Fact]
    public void For_SourceAndIdSplitDifferently_DifferentRuns()
    {
        Assert.NotEqual(RunId.For("agent", "a\nb", "c"), RunId.For("agent", "a", "b\nc"));
        Assert.NotEqual(RunId.For("agent", "ab", "c"), RunId.For("agent", "a", "bc"));
        Assert.NotEqual(RunId.For("agent", "source", "1"), RunId.For("other", "source", "1"));
    }

    [Fact]
    public void ForPosition_AsRunsWereKeyedBefore_IsStable()
    {
        // The id a run at github/0@0 had before run ids were the event's identity: old checkpoints are found by it.
        Assert.Equal("github-triage-faf096e08fa1f989", RunId.ForPosition("github-triage", new EventCoordinates("ambient.events.github", 0, 0)).Value);
    }
}

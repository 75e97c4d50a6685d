using Ambient.Runtime.Replays;

namespace Ambient.Runtime.ToolCalls;

/// <summary>
/// A recorded replay's read results: what the original run's read tools returned, in order. The replay takes them instead
/// of calling the tools (it must not touch the world, and must see what the original saw); asking for a read the original
/// did not make means the replay diverged.
/// </summary>
internal sealed class RecordedReads(string originalRunId, IReadOnlyList<(string Tool, string Content)> reads)
{
    private int _next;

    public string Next(string tool)
    {
        if (_next >= reads.Count)
        {
            throw new ReplayDivergenceException($"The replay called read tool {tool}; the original run {originalRunId} made only {reads.Count} reads.");
        }

        var (recordedTool, content) = reads[_next++];
        return recordedTool == tool
            ? content
            : throw new ReplayDivergenceException($"Read {_next} of the replay is {tool}; the original run {originalRunId} read {recordedTool} there.");
    }
}

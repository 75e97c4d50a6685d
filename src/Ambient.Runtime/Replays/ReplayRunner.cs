using System.Globalization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Runs;
using Ambient.Llm;
using Ambient.Runtime.ToolCalls;

namespace Ambient.Runtime.Replays;

/// <summary>
/// Replays a window of events through one agent for incident recovery. Each replayed event is a new run
/// (<c>originalRunId~replayId</c>, linked to the original by <c>replayOf</c>) with its own checkpoints. In
/// recorded mode the model's answers come from the original run's checkpoints, so the actions must come
/// out identical (a determinism check); in live mode the model is asked again and the report lists what
/// changed. Actions go to the shadow topic unless <see cref="ReplayOutput.Live"/> is asked for. In both modes, requests the
/// run delegates to other agents are answered from the original run's record, never sent again.
/// </summary>
public sealed class ReplayRunner(AgentRunner runner, RunTopics topics)
{
    /// <summary>
    /// Recorded runs replayed at once. A recorded replay asks no model and reads nothing outside, so it is bound only by
    /// the acknowledgements it waits for; one run at a time left a replay at the speed of one round trip per step.
    /// </summary>
    public const int RecordedRunsInFlight = 64;

    /// <summary>Replays <paramref name="events"/> and compares each run's actions with the original's; the report keeps the events' order.</summary>
    /// <param name="events">The events, with where each was read.</param>
    /// <param name="mode">Recorded (the original's model answers) or live (the model asked again).</param>
    /// <param name="output">Where the actions go: the shadow topic, unless <see cref="ReplayOutput.Live"/> is asked for explicitly.</param>
    /// <param name="replayId">Names the replay; its runs are <c>originalRunId~replayId</c>.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <remarks>
    /// Runs go concurrently, as the worker runs a partition's events: <see cref="RecordedRunsInFlight"/> in recorded mode, and in
    /// live mode the agent's <c>maxConcurrentRuns</c>, since each run asks the model again.
    /// </remarks>
    public async Task<ReplayReport> ReplayAsync(IReadOnlyList<(AmbientEvent Event, EventCoordinates At)> events, ReplayMode mode, ReplayOutput output, string replayId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var shadow = output != ReplayOutput.Live;
        var actionsTopic = shadow ? topics.ShadowActions : topics.Actions;
        var planned = await PlanAsync(events, mode, replayId, cancellationToken);
        var runs = new ReplayedRun[planned.Count];
        var inFlight = mode == ReplayMode.Recorded ? RecordedRunsInFlight : Math.Max(1, runner.Agent.Limits.MaxConcurrentRuns);
        await Parallel.ForEachAsync(Enumerable.Range(0, planned.Count), new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken },
            async (i, token) => runs[i] = planned[i].Skipped ?? await ReplayOneAsync(planned[i], mode, actionsTopic, token));
        return new ReplayReport(replayId, mode, shadow, actionsTopic, runs);
    }

    /// <summary>One event to replay: its original run's recorded steps, or the report line of an event with nothing to replay.</summary>
    private sealed record PlannedRun(AmbientEvent Input, EventCoordinates At, string OriginalId, string ReplayRunId, IReadOnlyList<Checkpoint> Chain, ReplayedRun? Skipped)
    {
        /// <summary>The original run finished, so its model answers and actions are all recorded.</summary>
        public bool Recorded => Chain.Count > 0 && Chain[^1].StepName == StepNames.Finish;
    }

    /// <summary>
    /// The agent's events, each once, with its original run: reads each checkpoint partition once, before any run starts.
    /// </summary>
    private async Task<List<PlannedRun>> PlanAsync(IReadOnlyList<(AmbientEvent Event, EventCoordinates At)> events, ReplayMode mode, string replayId,
        CancellationToken cancellationToken)
    {
        var agent = runner.Agent;
        var handled = events.Where(e => agent.Handles(e.At.Topic, e.Event.Type, e.Event.Ingress)).ToList();
        // Every checkpoint partition the window needs, read at once (each read waits mostly on the broker).
        var needed = handled.Select(e => e.At.Partition).Distinct().ToList();
        var loaded = await Task.WhenAll(needed.Select(p => RunCatalog.LoadPartitionAsync(runner.Checkpoints.Log, p,
            id => id.StartsWith(agent.Name + "-", StringComparison.Ordinal) && !id.Contains('~', StringComparison.Ordinal), cancellationToken)));
        var originals = needed.Zip(loaded).ToDictionary(p => p.First, p => p.Second);
        var planned = new List<PlannedRun>();
        var replayed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (input, at) in handled)
        {
            if (!replayed.Add(RunId.For(agent.Name, input).Value))
            {
                // Another record of an event this replay already ran (the worker skips it too).
                continue;
            }

            var partition = originals[at.Partition];
            var originalId = OriginalRunId(partition, agent.Name, input, at);
            var chain = partition.GetValueOrDefault(originalId)?.Chain() ?? [];
            var replayRunId = $"{originalId}~{replayId}";
            var run = new PlannedRun(input, at, originalId, replayRunId, chain, Skipped: null);
            planned.Add(mode == ReplayMode.Recorded && !run.Recorded
                ? run with { Skipped = new ReplayedRun(input.Id, at.ToString(), originalId, replayRunId, false, 0, 0, []) }
                : run);
        }

        return planned;
    }

    private async Task<ReplayedRun> ReplayOneAsync(PlannedRun run, ReplayMode mode, string actionsTopic, CancellationToken cancellationToken)
    {
        var chain = run.Chain;
        IChatModel model = mode == ReplayMode.Recorded
            ? new RecordedChatModel(runner.ModelId, run.OriginalId, [.. chain.SelectMany(s => s.Exchanges)])
            : runner.Model;
        var originalReads = ReadsOf(chain);
        var journal = new RunJournal(run.ReplayRunId);
        var differences = new List<string>();
        try
        {
            // Delegations are never sent again from a replay: they are answered with what the original run was told.
            var delegations = chain.LastOrDefault(s => s.StepName == StepNames.Delegate) is { } step ? ConversationState.FromJson(step.State).Delegations ?? [] : [];
            await runner.ExecuteAsync(new RunRequest(new RunId(run.ReplayRunId), journal, run.Input, run.At, model, actionsTopic, run.OriginalId)
            {
                RecordedDelegations = delegations,
                // Recorded: the original's reads answer the replay's, so nothing outside is read again; live reads again.
                RecordedReads = mode == ReplayMode.Recorded ? new RecordedReads(run.OriginalId, originalReads) : null,
            }, cancellationToken);
        }
        catch (ReplayDivergenceException ex)
        {
            differences.Add(ex.Message);
        }

        var before = ActionsOf(chain);
        var after = ActionsOf(journal.Chain());
        differences.AddRange(Compare(before, after));
        differences.AddRange(CompareReads(originalReads, ReadsOf(journal.Chain())));
        return new ReplayedRun(run.Input.Id, run.At.ToString(), run.OriginalId, run.ReplayRunId, run.Recorded, before.Count, after.Count, differences);
    }

    /// <summary>
    /// The event's run (its id is the event's identity), or for a window recorded before run ids were, the run checkpointed
    /// under the event's position, when that run is of this event.
    /// </summary>
    private static string OriginalRunId(Dictionary<string, RunJournal> partition, string agent, AmbientEvent input, EventCoordinates at)
    {
        var run = RunId.For(agent, input).Value;
        var positional = RunId.ForPosition(agent, at).Value;
        return !partition.ContainsKey(run) && partition.GetValueOrDefault(positional)?.Input?.EventId == input.Id ? positional : run;
    }

    private static List<CheckpointAction> ActionsOf(IReadOnlyList<Checkpoint> chain) =>
        [.. chain.Where(s => s.StepName == StepNames.Act).SelectMany(s => s.Actions)];

    /// <summary>Position by position: the same target, operation and argument bytes, in the same order.</summary>
    private static IEnumerable<string> Compare(List<CheckpointAction> original, List<CheckpointAction> replay)
    {
        for (var i = 0; i < Math.Max(original.Count, replay.Count); i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (i >= original.Count)
            {
                yield return $"action {n} is new: {Describe(replay[i])}";
            }
            else if (i >= replay.Count)
            {
                yield return $"action {n} is gone: {Describe(original[i])}";
            }
            else if (original[i].Target != replay[i].Target || original[i].Operation != replay[i].Operation
                || original[i].Arguments.GetRawText() != replay[i].Arguments.GetRawText())
            {
                yield return $"action {n} differs: original {Describe(original[i])}, replay {Describe(replay[i])}";
            }
        }
    }

    /// <summary>The read results of a run, in order: the tool turns its last step's conversation marks as reads.</summary>
    private static List<(string Tool, string Content)> ReadsOf(IReadOnlyList<Checkpoint> chain) =>
        chain.LastOrDefault(s => !s.State.IsNone) is { } last
            ? [.. ConversationState.FromJson(last.State).Turns.Where(t => t.Read == true).Select(t => ($"{t.Plugin}.{t.Function}", t.Content ?? string.Empty))]
            : [];

    /// <summary>What a live replay read that the original did not, or read differently: the world changed in between.</summary>
    private static IEnumerable<string> CompareReads(List<(string Tool, string Content)> original, List<(string Tool, string Content)> replay)
    {
        for (var i = 0; i < Math.Max(original.Count, replay.Count); i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (i >= original.Count)
            {
                yield return $"read {n} is new: {replay[i].Tool}";
            }
            else if (i >= replay.Count)
            {
                yield return $"read {n} is gone: {original[i].Tool}";
            }
            else if (original[i] != replay[i])
            {
                var at = FirstDifference(original[i].Content, replay[i].Content);
                yield return $"read {n} ({replay[i].Tool}) changed at character {at}: original {Around(original[i].Content, at)}, replay {Around(replay[i].Content, at)}";
            }
        }
    }

    private static int FirstDifference(string left, string right)
    {
        var common = Math.Min(left.Length, right.Length);
        for (var i = 0; i < common; i++)
        {
            if (left[i] != right[i])
            {
                return i;
            }
        }

        return common;
    }

    // JSON results often share a long prefix: show what changed, with a little context before it.
    private static string Around(string content, int at)
    {
        var start = Math.Max(0, at - 40);
        var length = Math.Min(content.Length - start, 160);
        return $"{(start > 0 ? "…" : string.Empty)}{content.Substring(start, length)}{(start + length < content.Length ? "…" : string.Empty)}";
    }

    private static string Describe(CheckpointAction action) => $"{action.Target} {action.Operation} {action.Arguments.GetRawText()}";
}

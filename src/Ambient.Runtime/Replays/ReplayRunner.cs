using System.Globalization;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Runs;
using Ambient.Abstractions.Topics;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Runs;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Runtime.Replays;

/// <summary>
/// Replays a window of events through one agent for incident recovery. Each replayed event is a new run
/// (<c>originalRunId~replayId</c>, linked to the original by <c>replayOf</c>) with its own checkpoints. In
/// recorded mode the model's answers come from the original run's checkpoints, so the actions must come
/// out identical (a determinism check); in live mode the model is asked again and the report lists what
/// changed. Actions go to the shadow topic unless <see cref="ReplayOutput.Live"/> is asked for. In both modes, requests the
/// run delegates to other agents are answered from the original run's record, never sent again.
/// </summary>
public sealed class ReplayRunner(AgentRunner runner, AmbientTopics topics)
{
    /// <summary>Replays <paramref name="events"/> (in the order given) and compares each run's actions with the original's.</summary>
    /// <param name="events">The events, with where each was read.</param>
    /// <param name="mode">Recorded (the original's model answers) or live (the model asked again).</param>
    /// <param name="output">Where the actions go: the shadow topic, unless <see cref="ReplayOutput.Live"/> is asked for explicitly.</param>
    /// <param name="replayId">Names the replay; its runs are <c>originalRunId~replayId</c>.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public async Task<ReplayReport> ReplayAsync(IReadOnlyList<(AmbientEvent Event, EventCoordinates At)> events, ReplayMode mode, ReplayOutput output, string replayId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var agent = runner.Agent;
        var shadow = output != ReplayOutput.Live;
        var actionsTopic = shadow ? topics.ShadowActions : topics.Actions;
        var originals = new Dictionary<int, Dictionary<string, RunJournal>>();
        var runs = new List<ReplayedRun>();
        var replayed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (input, at) in events)
        {
            if (!agent.Handles(at.Topic, input.Type, input.Ingress) || !replayed.Add(RunId.For(agent.Name, input).Value))
            {
                // Not the agent's, or another record of an event this replay already ran (the worker skips it too).
                continue;
            }

            if (!originals.TryGetValue(at.Partition, out var partition))
            {
                originals[at.Partition] = partition = await RunCatalog.LoadPartitionAsync(runner.Checkpoints.Log, at.Partition,
                    id => id.StartsWith(agent.Name + "-", StringComparison.Ordinal) && !id.Contains('~', StringComparison.Ordinal), cancellationToken);
            }

            var originalId = OriginalRunId(partition, agent.Name, input, at);
            var chain = partition.GetValueOrDefault(originalId)?.Chain() ?? [];
            var recorded = chain.Count > 0 && chain[^1].StepName == StepNames.Finish;
            var replayRunId = $"{originalId}~{replayId}";
            if (mode == ReplayMode.Recorded && !recorded)
            {
                runs.Add(new ReplayedRun(input.Id, at.ToString(), originalId, replayRunId, false, 0, 0, []));
                continue;
            }

            IChatCompletionService model = mode == ReplayMode.Recorded
                ? new RecordedChatCompletionService(originalId, [.. chain.SelectMany(s => s.Exchanges)])
                : runner.Model;
            var journal = new RunJournal(replayRunId);
            var differences = new List<string>();
            try
            {
                // Delegations are never sent again from a replay: they are answered with what the original run was told.
                var delegations = chain.LastOrDefault(s => s.StepName == StepNames.Delegate) is { } step ? ConversationState.FromJson(step.State).Delegations ?? [] : [];
                await runner.ExecuteAsync(new RunRequest(new RunId(replayRunId), journal, input, at, model, actionsTopic, originalId) { RecordedDelegations = delegations },
                    cancellationToken);
            }
            catch (ReplayDivergenceException ex)
            {
                differences.Add(ex.Message);
            }

            var before = ActionsOf(chain);
            var after = ActionsOf(journal.Chain());
            differences.AddRange(Compare(before, after));
            runs.Add(new ReplayedRun(input.Id, at.ToString(), originalId, replayRunId, recorded, before.Count, after.Count, differences));
        }

        return new ReplayReport(replayId, mode, shadow, actionsTopic, runs);
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

    private static string Describe(CheckpointAction action) => $"{action.Target} {action.Operation} {action.Arguments.GetRawText()}";
}

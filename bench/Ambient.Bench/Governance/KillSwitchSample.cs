using Ambient.Abstractions.Checkpoints;

namespace Ambient.Bench.Governance;

/// <summary>One pause: how long after its acknowledgement steps still started, and how many.</summary>
/// <param name="LastStepMs">Latest start of any step after the acknowledgement, ms (0 when none started after it).</param>
/// <param name="LastModelCallMs">Latest start of a <c>reason</c> step (a model call) after it, ms (0 when none).</param>
/// <param name="LastCheckpointMs">Latest checkpoint made after it, ms: when the workers went quiet.</param>
/// <param name="StepsAfterAck">Steps that started after the acknowledgement.</param>
/// <param name="ModelCallsAfterAck">Of those, model calls.</param>
/// <param name="InFlight">Runs begun and not yet audited when the pause was written.</param>
internal sealed record KillSwitchSample(double LastStepMs, double LastModelCallMs, double LastCheckpointMs, int StepsAfterAck, int ModelCallsAfterAck, long InFlight)
{
    public static KillSwitchSample Of(IReadOnlyList<Checkpoint> steps, DateTimeOffset acknowledged, long inFlight)
    {
        var after = steps.Where(s => s.StartedAt > acknowledged).ToList();
        var calls = after.Where(s => s.StepName == StepNames.Reason).ToList();
        static double Ms(TimeSpan span) => Math.Max(0, span.TotalMilliseconds);
        return new KillSwitchSample(
            after.Count == 0 ? 0 : Ms(after.Max(s => s.StartedAt) - acknowledged),
            calls.Count == 0 ? 0 : Ms(calls.Max(s => s.StartedAt) - acknowledged),
            steps.Count == 0 ? 0 : Ms(steps.Max(s => s.FinishedAt) - acknowledged),
            after.Count, calls.Count, inFlight);
    }
}

using Ambient.Governance.State;

namespace Ambient.Operator.Reconciling;

/// <summary>
/// <c>spec.paused</c> through the kill switch: the same pause record <c>ambient pause</c> writes, marked as the operator's.
/// Unpausing lifts only the operator's own pause: an agent someone paused with <c>ambient pause</c> or the console stays
/// paused until they resume it, whatever the spec says.
/// </summary>
internal sealed class SpecPauses(GovernanceView governance, GovernanceWriter writer, TimeProvider time)
{
    /// <summary>Who the operator's pauses are by.</summary>
    public const string By = "ambient-operator";

    /// <summary>The pause holding <paramref name="agent"/> (its own, or every agent's); null when it runs.</summary>
    public PauseRecord? PauseOf(string agent) => governance.State.Current.PauseOf(agent);

    /// <summary>Pauses or resumes <paramref name="agent"/> as <paramref name="paused"/> says, once the governance topic is read.</summary>
    public async Task ReconcileAsync(string agent, bool paused, string source, CancellationToken cancellationToken)
    {
        // Before the topic is read, a pause the operator wrote earlier is not known yet: deciding now could write it twice,
        // or miss lifting it.
        await governance.CaughtUp.WaitAsync(cancellationToken);
        var own = governance.State.Current.Pauses.GetValueOrDefault(agent);
        if (paused && own is null)
        {
            await writer.PauseAsync(new PauseRecord(agent, $"spec.paused of {source}", By, time.GetUtcNow()), cancellationToken);
        }
        else if (!paused && own is { By: By })
        {
            await writer.ResumeAsync(agent, cancellationToken);
        }
    }
}

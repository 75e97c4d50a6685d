using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Governance.Policies;

namespace Ambient.Governance.State;

/// <summary>Writes the governance topic: what <c>ambient policy apply|delete</c>, <c>ambient pause|resume</c> and <c>ambient up</c> do.</summary>
/// <param name="publisher">Writes and waits for the acknowledgement.</param>
/// <param name="topic">The governance topic.</param>
public sealed class GovernanceWriter(IRecordPublisher publisher, string topic)
{
    /// <summary>Puts <paramref name="policy"/> in force (replacing the policy of the same name) once acknowledged.</summary>
    public Task ApplyAsync(PolicyDocument policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return publisher.PublishAsync(new OutgoingRecord(topic, GovernanceKeys.Policy(policy.Name), Encoding.UTF8.GetBytes(policy.Text),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/yaml", ["ambient-policy-file"] = Path.GetFileName(policy.SourceFile) }),
            cancellationToken);
    }

    /// <summary>Removes the policy named <paramref name="name"/> (a tombstone).</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        publisher.PublishAsync(new OutgoingRecord(topic, GovernanceKeys.Policy(name), ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>(StringComparer.Ordinal)), cancellationToken);

    /// <summary>Pauses <paramref name="pause"/>'s agent (or every agent and the executors, <c>*</c>) once acknowledged.</summary>
    public Task PauseAsync(PauseRecord pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pause);
        return publisher.PublishAsync(new OutgoingRecord(topic, GovernanceKeys.Pause(pause.Agent), GovernanceState.Encode(pause),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" }), cancellationToken);
    }

    /// <summary>Lifts the pause of <paramref name="agent"/> (or of every agent, <c>*</c>): a tombstone.</summary>
    public Task ResumeAsync(string agent, CancellationToken cancellationToken) =>
        publisher.PublishAsync(new OutgoingRecord(topic, GovernanceKeys.Pause(agent), ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>(StringComparer.Ordinal)), cancellationToken);
}

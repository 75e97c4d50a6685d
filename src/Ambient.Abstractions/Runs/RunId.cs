using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ambient.Abstractions.Events;

namespace Ambient.Abstractions.Runs;

/// <summary>
/// Identifies the processing of one event by one agent. Derived from the agent and the event's identity (its
/// CloudEvents <c>source</c> and <c>id</c>, which together identify an event), so every record of one event (a
/// redelivery, a producer's retry, the same event published twice) maps to the same run, and its actions to the
/// same ids; and an unrelated event at a reused position (a recreated topic, another cluster) to a run of its own.
/// </summary>
public readonly record struct RunId(string Value)
{
    /// <summary>
    /// The run of <paramref name="agent"/> for the event <paramref name="source"/> + <paramref name="eventId"/>:
    /// <c>agent-&lt;16 hex&gt;</c>, the first 8 bytes of SHA-256 over the three, each preceded by its length (so no
    /// choice of source and id can read as another's).
    /// </summary>
    public static RunId For(string agent, string source, string eventId)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(eventId);
        return Hashed(agent, string.Create(CultureInfo.InvariantCulture, $"{agent.Length}:{agent}{source.Length}:{source}{eventId.Length}:{eventId}"));
    }

    /// <summary>The run of <paramref name="agent"/> for <paramref name="input"/> (see <see cref="For(string, string, string)"/>).</summary>
    public static RunId For(string agent, AmbientEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return For(agent, input.Source, input.Id);
    }

    /// <summary>
    /// The id a run got before run ids were the event's identity: derived from where the event was read. Only to find
    /// runs checkpointed under it (a run in flight when its worker was upgraded, a replay of an older window); the
    /// position alone does not say which event it was, so a caller checks the run's recorded event id.
    /// </summary>
    public static RunId ForPosition(string agent, EventCoordinates at)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Hashed(agent, $"{agent}\n{at.Topic}\n{at.Partition.ToString(CultureInfo.InvariantCulture)}\n{at.Offset.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    private static RunId Hashed(string agent, string identity) =>
        new($"{agent}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)), 0, 8)}");
}

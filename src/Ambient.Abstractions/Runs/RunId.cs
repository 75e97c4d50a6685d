using System.Security.Cryptography;
using System.Text;
using Ambient.Abstractions.Events;

namespace Ambient.Abstractions.Runs;

/// <summary>
/// Identifies the processing of one event by one agent. Derived from the agent and the event's
/// coordinates, so a redelivered event maps to the same run (and its actions to the same ids).
/// </summary>
public readonly record struct RunId(string Value)
{
    /// <summary>The run of <paramref name="agent"/> for the event at <paramref name="at"/>: <c>agent-&lt;16 hex&gt;</c>.</summary>
    public static RunId For(string agent, EventCoordinates at)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{agent}\n{at.Topic}\n{at.Partition}\n{at.Offset}"));
        return new RunId($"{agent}-{Convert.ToHexStringLower(hash, 0, 8)}");
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}

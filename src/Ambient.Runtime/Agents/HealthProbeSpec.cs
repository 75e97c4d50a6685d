using System.Text.RegularExpressions;

namespace Ambient.Runtime.Agents;

/// <summary>
/// An agent's semantic liveness probe (<c>healthProbe:</c> in its file): on a schedule the worker asks the agent's model
/// <see cref="Prompt"/> and checks the reply against <see cref="Expect"/>. After <see cref="FailureThreshold"/> wrong
/// answers, errors or timeouts in a row the agent stops taking new events, as the kill switch stops it, until
/// <see cref="SuccessThreshold"/> good answers in a row.
/// </summary>
public sealed record HealthProbeSpec(TimeSpan Interval, string Prompt, Regex Expect, int FailureThreshold, int SuccessThreshold, TimeSpan Timeout)
{
    /// <summary>The CloudEvents type of the event a probe's model call carries (an offline rule answers it like any other).</summary>
    public const string ProbeEventType = "io.ambient.health.probe";

    /// <summary>
    /// The trial call of an agent held for its model being out (<c>onFallback: pause</c>) that has no probe of its own:
    /// any answer within the timeout means the model is back.
    /// </summary>
    public static HealthProbeSpec ModelTrial { get; } = new(TimeSpan.FromSeconds(30), "Reply with exactly one word: HEALTHY",
        new Regex("(?s).*", RegexOptions.None, TimeSpan.FromSeconds(1)), 1, 1, TimeSpan.FromSeconds(30));
}

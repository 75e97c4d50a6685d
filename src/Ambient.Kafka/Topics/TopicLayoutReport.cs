namespace Ambient.Kafka.Topics;

/// <summary>What <see cref="TopicLayoutValidator"/> found: the topics that are not as needed, and what it could not check.</summary>
/// <param name="BootstrapServers">The Kafka it looked at.</param>
/// <param name="Requirements">What was checked.</param>
/// <param name="Problems">The topics that are not as needed; none when the layout is right.</param>
/// <param name="Warnings">What could not be checked (e.g. no permission to describe topic configs).</param>
public sealed record TopicLayoutReport(string BootstrapServers, TopicRequirements Requirements, IReadOnlyList<TopicProblem> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>True when every topic is as needed.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// One message naming each topic at fault, what it has, what it needs and how to fix it, with
    /// <paramref name="repairCommand"/> (e.g. <c>ambient topics init --repair</c>) where a repair loses nothing.
    /// </summary>
    public string Describe(string repairCommand) => string.Join(Environment.NewLine,
    [
        $"The Kafka topics at {BootstrapServers} are not as Ambient needs them:",
        .. Problems.Select(p => $"  topic '{p.Topic}' has {p.Has}; it needs {p.Needs}. {p.Fix(repairCommand, BootstrapServers)}"),
    ]);
}

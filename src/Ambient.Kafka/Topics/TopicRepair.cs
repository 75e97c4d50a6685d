namespace Ambient.Kafka.Topics;

/// <summary>What <see cref="TopicLayoutRepairer"/> did with one topic.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Repaired">Whether it is now as needed.</param>
/// <param name="What">What was done, or why not.</param>
public sealed record TopicRepair(string Topic, bool Repaired, string What);

namespace Ambient.Kubernetes.Resources;

/// <summary>One Strimzi simple-authorization ACL: operations on a topic or group, by literal name or prefix.</summary>
/// <param name="Type"><c>topic</c> or <c>group</c>.</param>
/// <param name="Name">The resource's name, or its prefix.</param>
/// <param name="Prefix">True for <c>patternType: prefix</c>.</param>
/// <param name="Operations">Kafka operations, as Strimzi names them (Read, Write, Describe).</param>
public sealed record KafkaAcl(string Type, string Name, bool Prefix, IReadOnlyList<string> Operations);

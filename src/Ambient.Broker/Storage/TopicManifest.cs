namespace Ambient.Broker.Storage;

/// <summary>What <c>topic.json</c> records about a topic so it is recreated identically on restart.</summary>
internal sealed record TopicManifest(Guid Id, int Partitions, Dictionary<string, string> Configs);

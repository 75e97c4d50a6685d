namespace Ambient.Broker.Groups;

/// <summary>An offset a group committed for one partition, with the leader epoch and metadata it sent.</summary>
internal readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string? Metadata, long CommitTimestamp);

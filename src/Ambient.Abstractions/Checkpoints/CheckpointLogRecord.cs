namespace Ambient.Abstractions.Checkpoints;

/// <summary>One record of the checkpoints topic as read: its key, raw value (null for a tombstone) and where it is.</summary>
/// <param name="Key">The key: <c>runId</c> for a head, <c>runId/stepIndex</c> for a step (see <see cref="CheckpointKeys"/>).</param>
/// <param name="Value">The encoded head or step; null for a tombstone.</param>
/// <param name="Partition">The partition it was read from.</param>
/// <param name="Offset">Its offset, so an unreadable record can be named and dead-lettered.</param>
public sealed record CheckpointLogRecord(string Key, byte[]? Value, int Partition, long Offset);

namespace Ambient.Runtime.Checkpoints;

/// <summary>A step's state is larger than <see cref="CheckpointOptions.MaxStateBytes"/>: the run fails rather than write it.</summary>
public sealed class CheckpointTooLargeException(string message) : Exception(message);

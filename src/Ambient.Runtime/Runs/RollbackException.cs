namespace Ambient.Runtime.Runs;

/// <summary>A rollback that cannot be done as asked (unknown run or step, a run still in progress); the message says why.</summary>
public sealed class RollbackException(string message) : Exception(message);

namespace Ambient.Abstractions.A2a;

/// <summary>A2A v1 TaskStatus: the state of a task at a point in time, with the agent's message about it.</summary>
public sealed record A2aTaskStatus(string State, A2aMessage? Message, DateTimeOffset? Timestamp);

/// <summary>A2A v1 TaskStatusUpdateEvent, as written to the replies topic.</summary>
public sealed record A2aTaskStatusUpdate(string TaskId, string ContextId, A2aTaskStatus Status);

/// <summary>A2A v1 Artifact: an output of a task.</summary>
public sealed record A2aArtifact(string ArtifactId, string? Name, IReadOnlyList<A2aPart> Parts);

/// <summary>A2A v1 TaskArtifactUpdateEvent, as written to the replies topic.</summary>
public sealed record A2aArtifactUpdate(string TaskId, string ContextId, A2aArtifact Artifact, bool Append = false, bool LastChunk = true);

/// <summary>A2A v1 task states, spelled as the Avro enum symbols.</summary>
public static class A2aTaskStates
{
    /// <summary>The server accepted the request.</summary>
    public const string Submitted = "TASK_STATE_SUBMITTED";

    /// <summary>The server's run started.</summary>
    public const string Working = "TASK_STATE_WORKING";

    /// <summary>Done; the artifacts hold the result.</summary>
    public const string Completed = "TASK_STATE_COMPLETED";

    /// <summary>The run failed.</summary>
    public const string Failed = "TASK_STATE_FAILED";

    /// <summary>Cancelled on request.</summary>
    public const string Canceled = "TASK_STATE_CANCELED";

    /// <summary>The server will not do it.</summary>
    public const string Rejected = "TASK_STATE_REJECTED";

    /// <summary>The server asks a question.</summary>
    public const string InputRequired = "TASK_STATE_INPUT_REQUIRED";

    /// <summary>The server needs credentials.</summary>
    public const string AuthRequired = "TASK_STATE_AUTH_REQUIRED";

    /// <summary>True for a state after which the task changes no more (or waits for someone else): the requester stops waiting.</summary>
    public static bool IsFinal(string state) => state is Completed or Failed or Canceled or Rejected or InputRequired or AuthRequired;
}

/// <summary>A2A v1 Task: the latest snapshot of a task, as kept on the compacted tasks topic (key = task id).</summary>
/// <param name="Id">The task id.</param>
/// <param name="ContextId">Its conversation.</param>
/// <param name="Status">Its current status.</param>
/// <param name="Artifacts">Its results so far.</param>
public sealed record A2aTask(string Id, string ContextId, A2aTaskStatus Status, IReadOnlyList<A2aArtifact> Artifacts);

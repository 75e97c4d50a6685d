using Ambient.Abstractions.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>A task a request of this gateway replica waits on: the latest status and the artifacts its replies carried.</summary>
internal sealed class PendingTask(string taskId, string contextId, A2aTaskStatus initial)
{
    private readonly Lock _lock = new();
    private readonly List<A2aArtifact> _artifacts = [];
    private readonly TaskCompletionSource _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private A2aTaskStatus _status = initial;
    private string _taskId = taskId;

    /// <summary>Completes when a final (terminal or interrupted) status arrived.</summary>
    public Task Final => _final.Task;

    public void Apply(A2aTaskStatusUpdate update)
    {
        lock (_lock)
        {
            if (_final.Task.IsCompleted)
            {
                return;
            }

            // The server names the task; a re-sent message may map to a task it already knows.
            _taskId = update.TaskId;
            _status = update.Status;
        }

        if (A2aTaskStates.IsFinal(update.Status.State))
        {
            _final.TrySetResult();
        }
    }

    public void Apply(A2aArtifactUpdate update)
    {
        lock (_lock)
        {
            var index = _artifacts.FindIndex(a => a.ArtifactId == update.Artifact.ArtifactId);
            if (index < 0)
            {
                _artifacts.Add(update.Artifact);
            }
            else
            {
                _artifacts[index] = update.Append ? _artifacts[index] with { Parts = [.. _artifacts[index].Parts, .. update.Artifact.Parts] } : update.Artifact;
            }
        }
    }

    /// <summary>A plain answer without a task: it completes the task, as the binding says.</summary>
    public void Apply(A2aMessage answer, DateTimeOffset now) =>
        Apply(new A2aTaskStatusUpdate(_taskId, contextId, new A2aTaskStatus(A2aTaskStates.Completed, answer, now)));

    public A2aTask Snapshot()
    {
        lock (_lock)
        {
            return new A2aTask(_taskId, contextId, _status, [.. _artifacts]);
        }
    }
}

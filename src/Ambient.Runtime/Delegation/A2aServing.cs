using System.Text.Json;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Delegation;

/// <summary>
/// The serving side of A2A for one agent: reads the request an inbox event carries and answers it on the
/// requester's replies partition: <c>WORKING</c> when a run starts, then the result as an artifact and one final
/// status (<c>COMPLETED</c> or <c>FAILED</c>, or <c>REJECTED</c> past the requester's deadline).
/// </summary>
internal sealed class A2aServing(string agent, IA2aChannel? channel, TimeProvider time, ILogger logger)
{
    // The result's data part, camelCase like every A2A JSON.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The request of an inbox event (its JSON data, written by the inbox reader).</summary>
    /// <exception cref="UnreadableRecordException">The event's data is not a request.</exception>
    public static A2aInboxRequest Read(AmbientEvent input)
    {
        try
        {
            return A2aInboxRequest.FromJson(input.Data.Span)
                ?? throw new UnreadableRecordException($"The A2A event {input.Id} has no request in its data.");
        }
        catch (JsonException ex)
        {
            throw new UnreadableRecordException($"The A2A event {input.Id} does not hold a request: {ex.Message}", ex);
        }
    }

    /// <summary>The run serving a task: one per task, so a re-sent request finds the run it already started.</summary>
    public static RunId RunFor(string agent, string taskId) => new($"{agent}-{taskId["task-".Length..]}");

    public Task WorkingAsync(A2aInboxRequest request, string taskId, CancellationToken cancellationToken) =>
        StatusAsync(request, taskId, A2aTaskStates.Working, null, null, cancellationToken);

    public Task RejectAsync(A2aInboxRequest request, string taskId, string reason, CancellationToken cancellationToken)
    {
        logger.LogRequestRejected(agent, request.MessageId, request.From, reason);
        return StatusAsync(request, taskId, A2aTaskStates.Rejected, reason, null, cancellationToken);
    }

    /// <summary>Answers the request a finished run served: the run's summary as artifact and final status.</summary>
    public Task AnswerAsync(AmbientEvent input, RunId run, RunResult result, CancellationToken cancellationToken)
    {
        var request = Read(input);
        var state = result.Outcome == RunOutcomes.Completed ? A2aTaskStates.Completed : A2aTaskStates.Failed;
        return AnswerAsync(request, run, state, result.Summary ?? result.Outcome, result.ActionIds, cancellationToken);
    }

    /// <summary>Answers again for a run that already finished (the request was re-sent or redelivered).</summary>
    public Task AnswerAsync(A2aInboxRequest request, RunId run, string state, string text, IReadOnlyList<string> actionIds, CancellationToken cancellationToken)
    {
        var taskId = A2aTaskIds.For(agent, request.MessageId);
        var data = JsonSerializer.Serialize(new { runId = run.Value, actions = actionIds }, s_json);
        var artifact = new A2aArtifactUpdate(taskId, request.ContextId, new A2aArtifact(run.Value, $"{agent} result", [new A2aPart(Text: text), new A2aPart(Data: data, MediaType: "application/json")]));
        return StatusAsync(request, taskId, state, text, artifact, cancellationToken);
    }

    private async Task StatusAsync(A2aInboxRequest request, string taskId, string state, string? text, A2aArtifactUpdate? artifact, CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            return;
        }

        var message = text is null ? null : new A2aMessage($"{taskId}/{state}", request.ContextId, taskId, A2aRoles.Agent, [new A2aPart(Text: text)]);
        var status = new A2aTaskStatusUpdate(taskId, request.ContextId, new A2aTaskStatus(state, message, time.GetUtcNow()));
        await channel.ReplyAsync(request.ReplyTo, status, artifact, cancellationToken);
    }
}

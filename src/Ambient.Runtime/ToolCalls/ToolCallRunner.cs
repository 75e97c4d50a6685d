using System.Diagnostics;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Redaction;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.ToolCalls;

/// <summary>
/// Runs one tool call of a run: through the filter chain, then the tool (a read is timed out at the agent's limit and
/// its result capped; an effect's proposal becomes an action record; a delegation is handed to the run's delegate step).
/// A tool that fails or hangs fails the call, with an error the model reads, never the run.
/// </summary>
internal sealed class ToolCallRunner(AgentDefinition agent, AgentToolbox tools, RunScope scope, RecordedReads? recorded, SecretMasker masker, ILogger logger)
{
    public async Task<ToolCallOutcome> RunAsync(RecordedToolCall call, CancellationToken cancellationToken)
    {
        using var activity = RuntimeTelemetry.Source.StartActivity($"execute_tool {call.Name}");
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", call.Name);
        activity?.SetTag("gen_ai.tool.call.id", call.Id);
        var tool = tools.Find(call.Name);
        var decision = await tools.Pipeline.CheckAsync(new ToolCallContext(agent, scope.Run.Value, call.Id, call.Name, tool, call.Arguments, scope.Input)
        {
            Turn = scope.Turn,
            CallIndex = scope.CallIndex,
            Rollbacks = scope.Rollbacks,
            Fallback = scope.Fallback,
            Reasoning = scope.Reasoning,
            Confidence = scope.Confidence,
            At = scope.At,
        }, cancellationToken);
        var outcome = await RunDecidedAsync(call, tool, decision, cancellationToken) with { Decision = decision.Audit };
        activity?.SetTag("ambient.tool.result", outcome.Result);
        RuntimeTelemetry.ToolCalls.Add(1, new("agent", agent.Name), new("tool", call.Name), new("result", outcome.Result), new("event.type", scope.Input.Type),
            new("model", scope.Fallback ?? agent.ModelId), new("agent.version", agent.Version));
        return outcome;
    }

    private async Task<ToolCallOutcome> RunDecidedAsync(RecordedToolCall call, IAmbientTool? tool, ToolCallDecision decision, CancellationToken cancellationToken)
    {
        switch (decision.Verdict)
        {
            case ToolCallVerdict.Deny:
                logger.LogToolRefused(agent.Name, scope.Run.Value, call.Name, decision.Reason ?? "refused");
                return new ToolCallOutcome(decision.Reason ?? $"Refused: {call.Name}.", ToolCallOutcome.Refused);
            case ToolCallVerdict.Park:
                return new ToolCallOutcome(decision.Reason ?? "Waiting.", ToolCallOutcome.Parked);
        }

        var isRead = tool!.Descriptor.Kind == ToolKind.Read;
        if (isRead && recorded is not null)
        {
            return new ToolCallOutcome(recorded.Next(call.Name), ToolCallOutcome.Read, IsRead: true);
        }

        ToolResult result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(agent.Limits.ToolTimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = await tool.InvokeAsync(new ToolCall(agent.Name, scope.Run.Value, call.Id, new ToolArguments(call.Arguments)), timeout.Token);
        }
        catch (ArgumentException ex)
        {
            // Bad arguments from the model: tell it, so it can correct itself on the next turn.
            return Failed(call, ex.Message, isRead);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(call, $"{call.Name} did not answer within {agent.Limits.ToolTimeoutSeconds} s (limits.toolTimeoutSeconds).", isRead);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            // The tool's own failure (its system is down, a bug in a team's tool): the run goes on without the result.
            return Failed(call, $"{call.Name} failed: {ex.Message}", isRead);
        }
        finally
        {
            RuntimeTelemetry.ToolDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("tool", call.Name));
        }

        return await ApplyAsync(call, result, isRead, decision.ApprovalId, cancellationToken);
    }

    private async ValueTask<ToolCallOutcome> ApplyAsync(RecordedToolCall call, ToolResult result, bool isRead, string? approvalId, CancellationToken cancellationToken)
    {
        switch (result.Kind)
        {
            case ToolResultKind.Content when isRead:
                // Masked before the cap: a secret cut in half by the cap would no longer be recognised.
                var read = masker.Mask(result.Text);
                return new ToolCallOutcome(tools.Options.Cap(read.Text), ToolCallOutcome.Read, IsRead: true) { Masked = read.Count };
            case ToolResultKind.Failed:
                return Failed(call, result.Text, isRead);
            case ToolResultKind.Action when !isRead:
                var action = scope.Propose(result.Target!, result.Operation!, result.Arguments!.Value, cancellationToken, approvalId);
                return new ToolCallOutcome(approvalId is null ? $"Proposed action {action.Id}: {result.Text}." : $"Proposed action {action.Id} ({approvalId} approved): {result.Text}.",
                    ToolCallOutcome.Proposed);
            case ToolResultKind.Delegation when !isRead:
                try
                {
                    await scope.CheckDelegationAsync(result.Target!, cancellationToken);
                }
                catch (ArgumentException ex)
                {
                    return Failed(call, ex.Message, isRead);
                }

                return new ToolCallOutcome(result.Text, ToolCallOutcome.Delegated, Delegation: (result.Target!, result.Operation!));
            default:
                // A read tool may not propose or delegate, and an effect tool has nothing to show: the tool is wrong, not the model.
                return Failed(call, $"{call.Name} returned {result.Kind}, which a {(isRead ? "read" : "effect")} tool may not return.", isRead);
        }
    }

    private ToolCallOutcome Failed(RecordedToolCall call, string message, bool isRead)
    {
        // A tool's error can quote what it was given or sent (a URL with a token in it).
        var masked = masker.Mask(message);
        logger.LogToolFailed(agent.Name, scope.Run.Value, call.Name, masked.Text);
        return new ToolCallOutcome($"Error: {(isRead ? tools.Options.Cap(masked.Text) : masked.Text)}", ToolCallOutcome.Failed, isRead) { Masked = masked.Count };
    }
}

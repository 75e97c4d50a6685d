using System.Globalization;
using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Governance.Policies;
using Ambient.Runtime.ToolCalls;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Governance;

/// <summary>
/// A red call and its approval request. The first time, the request is written to the approvals topic and the run
/// parks (checkpointed, holding nothing); <see cref="ApprovalResumer"/> drives it again once the request is answered or
/// expires, and then the call finds its answer here: approved goes on (the action carries the approval id), denied comes
/// back to the model with the approver's reason, and an expired request decides as its rule's <c>onExpiry</c> says.
/// </summary>
internal sealed partial class ApprovalGate(ApprovalView view, ApprovalWriter writer, TimeProvider time, ILogger<ApprovalGate> logger)
{
    /// <summary>Longest reasoning and arguments kept in a request: it is read by people, and one record must stay small.</summary>
    public const int MaxReasoningLength = 2_000;

    public const int MaxArgumentsLength = 16_384;

    public async ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, PolicyDecision decision, CancellationToken cancellationToken)
    {
        await view.CaughtUp.WaitAsync(cancellationToken);
        var arguments = context.Arguments.GetRawText();
        var id = ApprovalIds.For(context.RunId, context.Turn, context.CallIndex, context.ToolName, arguments, context.Rollbacks);
        var request = view.Book.Find(id);
        if (request is null)
        {
            request = Request(id, context, decision, arguments);
            await writer.WriteAsync(request, cancellationToken);
            var approvers = string.Join(", ", request.Approvers);
            LogRequested(logger, context.Agent.Name, context.RunId, context.ToolName, id, approvers, request.ExpiresAt);
            return Parked(request);
        }

        if (request.IsExpiredAt(time.GetUtcNow()))
        {
            request = await ExpireAsync(request, cancellationToken);
        }

        var answered = decision.ToAudit(context.ToolName) with
        {
            ApprovalId = id, Answer = request.Status, AnsweredBy = request.AnsweredBy, Override = request.Override,
        };
        return (request.Status switch
        {
            ApprovalStatus.Pending => Parked(request),
            ApprovalStatus.Approved => ToolCallDecision.Approved(id, $"approved by {request.AnsweredBy}"),
            ApprovalStatus.Expired when request.OnExpiry == ApprovalStatus.Approved => ToolCallDecision.Approved(id, "nobody answered; the rule allows it on expiry"),
            ApprovalStatus.Expired => ToolCallDecision.Deny(
                $"Not done: nobody approved {context.ToolName} ({id}) before the request expired at {request.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}."),
            ApprovalStatus.Denied => ToolCallDecision.Deny(
                $"Denied by {request.AnsweredBy} ({id}){(string.IsNullOrWhiteSpace(request.AnswerReason) ? "." : $": {request.AnswerReason}")}"),
            _ => ToolCallDecision.Deny($"Not done: approval request {id} is {request.Status}."),
        }).Audited(answered);
    }

    private ApprovalRecord Request(string id, ToolCallContext context, PolicyDecision decision, string arguments)
    {
        var now = time.GetUtcNow();
        var at = context.At ?? throw new InvalidOperationException($"Run {context.RunId}: a call needing approval has no event to resume the run from.");
        return new ApprovalRecord
        {
            Id = id,
            RunId = context.RunId,
            Agent = context.Agent.Name,
            Tool = context.ToolName,
            // Oversized arguments are kept as text, cut: the request is for people to read; the run holds the whole call.
            Arguments = arguments.Length <= MaxArgumentsLength ? context.Arguments.Clone() : JsonSerializer.SerializeToElement(arguments[..MaxArgumentsLength] + "…"),
            Reasoning = context.Reasoning is { Length: > MaxReasoningLength } reasoning ? reasoning[..MaxReasoningLength] + "…" : context.Reasoning,
            Policy = decision.Policy,
            Rule = decision.Rule,
            Reason = decision.Reason,
            Approvers = decision.Approvers,
            RequestedAt = now,
            ExpiresAt = now + (decision.ExpiresIn ?? TimeSpan.FromHours(1)),
            OnExpiry = decision.OnExpiry == PolicyVerdict.Allow ? ApprovalStatus.Approved : ApprovalStatus.Denied,
            Input = new ApprovalRunInput(at.Topic, at.Partition, at.Offset, at.EventId, at.EventType),
        };
    }

    /// <summary>
    /// Writes the expiry, then waits until the topic says what stands: an answer written just before the expiry wins
    /// over it for every reader, and the run must follow the same answer the executor and the CLI see.
    /// </summary>
    private async Task<ApprovalRecord> ExpireAsync(ApprovalRecord request, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(request with
        {
            Status = ApprovalStatus.Expired,
            AnsweredBy = "ambient",
            AnsweredAt = time.GetUtcNow(),
            AnsweredVia = "expiry",
            AnswerReason = $"nobody answered before {request.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}",
        }, cancellationToken);
        if (await view.FindAnsweredAsync(request.Id, cancellationToken) is { IsPending: false } settled)
        {
            LogSettled(logger, request.Agent, request.RunId, request.Id, settled.Status, settled.AnsweredBy ?? "nobody");
            return settled;
        }

        // The expiry was acknowledged but not read back: fail the run's step, to be tried again, rather than guess.
        throw new InvalidOperationException($"Approval {request.Id}: its expiry was written but the approvals topic did not show it within {ApprovalView.ReadBack.TotalSeconds} s.");
    }

    private static ToolCallDecision Parked(ApprovalRecord request) => ToolCallDecision.Park(
        $"awaiting approval {request.Id} by {string.Join(", ", request.Approvers)} until {request.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}: {request.Reason}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: {Tool} needs approval {ApprovalId} by {Approvers}, until {ExpiresAt}")]
    private static partial void LogRequested(ILogger logger, string agent, string runId, string tool, string approvalId, string approvers, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: approval {ApprovalId} expired; what stands: {Status} by {By}")]
    private static partial void LogSettled(ILogger logger, string agent, string runId, string approvalId, string status, string by);
}

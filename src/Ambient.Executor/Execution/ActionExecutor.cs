using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Avro.Serialization;
using Ambient.Executor.Ledger;
using Ambient.Executor.Targets;
using Ambient.Governance.Approvals;
using Ambient.Governance.Policies;
using Ambient.Governance.State;

namespace Ambient.Executor.Execution;

/// <summary>
/// Applies the records of the actions topic (consumer group <c>ambient-executor</c>), each exactly once: the ledger is
/// read first (a final entry means done), <c>started</c> is recorded before the target is called, and an action found
/// <c>started</c> again (the executor died mid-call) is looked for at the target before anything is sent. The outcome
/// is published and audited, then recorded as final, before the consumer stores the action's offset.
/// </summary>
internal sealed class ActionExecutor : IEventProcessor, IDisposable
{
    /// <summary>The consumer group.</summary>
    public const string GroupId = "ambient-executor";

    private const string ActionEventType = "io.ambient.action";
    private readonly IReadOnlyDictionary<string, (IActionTarget Target, TargetPolicy Policy, TargetGate Gate)> _targets;
    private readonly AvroRecordCodec<ActionRecord> _actions;
    private readonly ActionLedger _ledger;
    private readonly OutcomePublisher _outcomes;
    private readonly ExecutorOptions _options;
    private readonly GovernanceView _governance;
    private readonly ApprovalCheck _approvals;
    private readonly TimeProvider _time;

    public ActionExecutor(IEnumerable<(IActionTarget Target, TargetPolicy Policy)> targets, string actionsTopic, AvroRecordCodec<ActionRecord> actions,
        ActionLedger ledger, OutcomePublisher outcomes, GovernanceView governance, ApprovalView approvals, ExecutorOptions options, TimeProvider time)
    {
        _targets = targets.ToDictionary(t => t.Target.Name, t => (t.Target, t.Policy, new TargetGate(options.MaxConcurrencyPerTarget, time)), StringComparer.Ordinal);
        Topics = [actionsTopic];
        (_actions, _ledger, _outcomes, _governance, _options, _time) = (actions, ledger, outcomes, governance, options, time);
        _approvals = new ApprovalCheck(approvals);
    }

    public string Name => "executor";

    /// <summary>With every agent paused, the executor fetches nothing; a single agent's pause holds only its actions.</summary>
    public bool IsPaused => _governance.IsPaused(GovernanceKeys.AllAgents);

    public void Dispose()
    {
        foreach (var (_, _, gate) in _targets.Values)
        {
            gate.Dispose();
        }
    }

    public string? ConsumerGroup => GroupId;

    public IReadOnlyList<string> Topics { get; }

    public int MaxConcurrency => _options.MaxConcurrency;

    public void PartitionsAssigned(IEnumerable<(string Topic, int Partition)> partitions) => _ledger.Assigned(partitions.Select(p => p.Partition));

    public void PartitionsRevoked(IEnumerable<(string Topic, int Partition)> partitions) => _ledger.Revoked(partitions.Select(p => p.Partition));

    // Actions are Avro, not CloudEvents: the bytes travel as the event's data and are decoded in ProcessAsync (the
    // consumer hands each record its own array, so nothing is copied). The subject carries the approval the action came with.
    public AmbientEvent? TryReadRecord(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value) =>
        new(headers.TextOf("ambient-action-id") ?? "unknown", "ambient://actions", ActionEventType, headers.TextOf(ActionHeaders.ApprovalId), null, "avro/binary", value);

    public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var action = await _actions.DecodeAsync(input.Data, cancellationToken);
        // The kill switch: an action of a paused agent (or any, with every agent paused) waits here, uncommitted.
        await _governance.WaitUntilRunningAsync(action.Agent, cancellationToken);
        var entry = await _ledger.FindAsync(action.Id, at.Partition, cancellationToken);
        if (entry is not null && LedgerStates.IsFinal(entry.State))
        {
            return ProcessingResult.Ignored;
        }

        var outcome = await DecideAsync(action, input.Subject, at.Partition, started: entry is not null, cancellationToken);
        // Published before the final entry: a crash in between republishes the same events (same ids) rather than losing them.
        await _outcomes.PublishAsync(action, outcome, input.PartitionKey, cancellationToken);
        await _ledger.RecordAsync(Entry(action, outcome.State, outcome), at.Partition, cancellationToken);
        return ProcessingResult.Completed;
    }

    private async Task<ActionOutcome> DecideAsync(ActionRecord action, string? approvalId, int partition, bool started, CancellationToken cancellationToken)
    {
        if (!_targets.TryGetValue(action.Target, out var target))
        {
            return ActionOutcome.Skipped($"no executor target '{action.Target}' (configured: {string.Join(", ", _targets.Keys.Order(StringComparer.Ordinal))})");
        }

        try
        {
            if (target.Policy.Refusal(action.Agent, target.Target.ScopeOf(action)) is { } refusal)
            {
                return ActionOutcome.Skipped("refused: " + refusal);
            }

            var (denied, judged) = await JudgeAsync(action, approvalId, cancellationToken);
            if (denied is not null)
            {
                return ActionOutcome.Skipped(denied) with { Decision = judged };
            }

            var context = await ContextAsync(action, partition, cancellationToken);
            var outcome = target.Policy.Apply
                ? await ApplyAsync(target.Target, target.Gate, action, context, partition, started, cancellationToken)
                : ActionOutcome.Skipped("dry-run: would send " + target.Target.Describe(action, context));
            return outcome with { Decision = judged };
        }
        catch (ActionFormatException ex)
        {
            throw new UnreadableRecordException(ex.Message, ex);
        }
    }

    private async Task<ActionOutcome> ApplyAsync(IActionTarget target, TargetGate gate, ActionRecord action, ApplyContext context, int partition, bool started,
        CancellationToken cancellationToken)
    {
        var giveUpAt = _time.GetUtcNow() + _options.MaxRetryDuration;
        var mayHaveApplied = started;
        for (var delay = _options.RetryDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks)))
        {
            // Recorded before the first call, outside the gate: the gate bounds calls on the target, not ledger writes.
            if (!started)
            {
                await _ledger.RecordAsync(Entry(action, LedgerStates.Started, null), partition, cancellationToken);
                started = true;
            }

            TargetOutcome outcome;
            using (await gate.EnterAsync(cancellationToken))
            {
                // An earlier attempt may have taken effect without an answer (a crash, a timeout): look before sending again.
                var found = mayHaveApplied ? await target.FindAsync(action, context, cancellationToken) : null;
                if (found is null)
                {
                    outcome = await target.ApplyAsync(action, context, cancellationToken);
                    mayHaveApplied = !outcome.NothingSent;
                }
                else
                {
                    outcome = found;
                }
            }

            switch (outcome.Kind)
            {
                case TargetOutcomeKind.Applied:
                    return ActionOutcome.Applied(outcome.ExternalId, outcome.Link);
                case TargetOutcomeKind.Failed:
                    return ActionOutcome.Failed(outcome.Reason ?? "refused", retryable: false);
            }

            var wait = outcome.RetryAfter ?? delay;
            if (outcome.RetryAfter is { } asked)
            {
                gate.Pause(asked);
            }

            // A rate limit ends when the target said; only an outage without a known end runs into MaxRetryDuration.
            if (outcome.RetryAfter is null && _time.GetUtcNow() + wait > giveUpAt)
            {
                return ActionOutcome.Failed($"still unavailable after {_options.MaxRetryDuration}: {outcome.Reason}", retryable: true);
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    // The policies judge the action again here, whatever the worker decided: an action can reach the topic some other way.
    // The governance topic was read whole before: ProcessAsync waited for it (WaitUntilRunningAsync).
    // The refusal (null: the action may go on) and the decision as the audit keeps it.
    private async Task<(string? Refusal, AuditDecision Audit)> JudgeAsync(ActionRecord action, string? approvalId, CancellationToken cancellationToken)
    {
        var tool = ToolNames.ForAction(action.Target, action.Operation);
        var decision = _governance.State.Current.Policies.Evaluate(new PolicyInput(action.Agent, tool, action.Target,
            action.Arguments, action.EventType, Ingress: null, StatedConfidence.In(action.ReasoningSummary), _time.GetUtcNow()));
        var audit = decision.ToAudit(tool);
        switch (decision.Verdict)
        {
            case PolicyVerdict.Deny:
                return ($"refused by policy: {decision.Reason}", audit);
            case PolicyVerdict.Approve:
                // Red: applied only with an approval a human gave this action's run and tool, never on the action's own say.
                var (refusal, approval) = await _approvals.RefusalAsync(action, approvalId, decision, cancellationToken);
                return (refusal, audit with
                {
                    ApprovalId = approvalId, Answer = approval?.Status, AnsweredBy = approval?.AnsweredBy, Override = approval?.Override ?? false,
                });
            default:
                return (null, audit);
        }
    }

    // A compensation names the action it undoes; the target needs what that action created.
    private async Task<ApplyContext> ContextAsync(ActionRecord action, int partition, CancellationToken cancellationToken)
    {
        if (action.Arguments.ValueKind == JsonValueKind.Object && action.Arguments.TryGetProperty("actionId", out var undone) && undone.ValueKind == JsonValueKind.String
            && await _ledger.FindAsync(undone.GetString()!, partition, cancellationToken) is { State: LedgerStates.Applied } original)
        {
            return new ApplyContext(original.ExternalId);
        }

        return ApplyContext.None;
    }

    private LedgerEntry Entry(ActionRecord action, string state, ActionOutcome? outcome) =>
        new(action.Id, state, action.Target, action.Operation, action.Agent, action.RunId, outcome?.ExternalId, outcome?.Link, outcome?.Reason,
            outcome?.Retryable ?? false, _time.GetUtcNow());
}

using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Slack;
using Ambient.Governance.Approvals;
using Microsoft.Extensions.Logging;

namespace Ambient.Executor.Approvals;

/// <summary>
/// Posts each new approval request to the approvals channel with its Approve and Deny buttons, and updates the message
/// once the request is answered, expires or is superseded, whoever answered (Slack, the CLI, the console). It follows
/// the approvals topic in its own consumer group, so among several executors each request has one poster; a request
/// seen again (a restart before its offset was committed, a rebalance) is first looked for in the channel by the
/// approval id in its metadata, and posted only if it is not there. Slack away: tried again while the request waits.
/// </summary>
internal sealed partial class SlackApprovalNotices(
    SlackWebApi slack, SlackMessageFinder finder, ApprovalView view, string channel, string topic, TimeProvider time, ILogger<SlackApprovalNotices> logger)
    : IEventProcessor
{
    /// <summary>The consumer group.</summary>
    public const string GroupId = "ambient-approval-notices";

    /// <summary>Answers older than this are history (a new deployment reading the topic from its start): their messages are left as they are.</summary>
    public static readonly TimeSpan OldAnswers = TimeSpan.FromDays(1);

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromMinutes(1);

    // An update (the buttons removed) is tried a few times; the answer itself is safe on the topic whatever Slack does.
    private const int UpdateAttempts = 5;

    // A misconfigured channel fails every request alike: said once a minute, with how many more, not once per request.
    private static readonly TimeSpan s_warnEvery = TimeSpan.FromMinutes(1);
    private readonly Lock _warnLock = new();
    private DateTimeOffset _warnedAt = DateTimeOffset.MinValue;
    private int _unwarned;

    public string Name => "approval-notices";

    public string? ConsumerGroup => GroupId;

    public IReadOnlyList<string> Topics { get; } = [topic];

    public int MaxConcurrency => 2;

    public AmbientEvent? TryReadRecord(string topic, string? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers, ReadOnlyMemory<byte> value) =>
        new(key ?? "unknown", "ambient://approvals", "io.ambient.approval", null, null, "application/json", value);

    public async Task<ProcessingResult> ProcessAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Data.IsEmpty || ApprovalJson.Decode(input.Data.ToArray(), out _) is not { } record || record.Id != input.Id)
        {
            // A tombstone, or a record the approval readers skip too: nothing to show anyone.
            return ProcessingResult.Ignored;
        }

        // What stands, as the approvals view reads it: a second answer the topic refused must not be shown as the answer.
        var standing = view.Book.Find(record.Id) is { } known && !known.IsPending ? known : record;
        var now = time.GetUtcNow();
        if (standing.IsPending)
        {
            return standing.IsExpiredAt(now) ? ProcessingResult.Ignored : await PostAsync(standing, cancellationToken);
        }

        return (standing.AnsweredAt ?? standing.RequestedAt) < now - OldAnswers ? ProcessingResult.Ignored : await UpdateAsync(standing, cancellationToken);
    }

    private async Task<ProcessingResult> PostAsync(ApprovalRecord request, CancellationToken cancellationToken)
    {
        for (var delay = s_firstRetry; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_lastRetry.Ticks)))
        {
            var outcome = await finder.ApprovalRequestAsync(request.Id, channel, request.RequestedAt, cancellationToken);
            if (outcome is null)
            {
                var answer = await slack.PostAsync("chat.postMessage", ApprovalMessage.Post(request, channel), repeatable: false, cancellationToken);
                outcome = answer.Problem ?? TargetOutcome.Applied(answer.Property("ts"));
            }

            switch (outcome.Kind)
            {
                case TargetOutcomeKind.Applied:
                    return ProcessingResult.Completed;
                case TargetOutcomeKind.Failed:
                    // Refused (no such channel, the bot not in it, a bad token): retrying would not help; the CLI still answers.
                    if (ShouldWarn(out var more))
                    {
                        LogNotPosted(logger, request.Id, channel, outcome.Reason ?? "refused", more);
                    }

                    return ProcessingResult.Completed;
            }

            // Unavailable: tried again while the request still waits; looked for first, since the post may have arrived.
            await Task.Delay(outcome.RetryAfter ?? delay, time, cancellationToken);
            if (view.Book.Find(request.Id) is { IsPending: false } || request.IsExpiredAt(time.GetUtcNow()))
            {
                return ProcessingResult.Completed;
            }
        }
    }

    private async Task<ProcessingResult> UpdateAsync(ApprovalRecord request, CancellationToken cancellationToken)
    {
        var delay = s_firstRetry;
        for (var attempt = 1; ; attempt++)
        {
            var found = await finder.ApprovalRequestAsync(request.Id, channel, request.RequestedAt, cancellationToken);
            if (found is null)
            {
                // Never posted (answered before it was, or posted to another channel before a change of configuration).
                return ProcessingResult.Ignored;
            }

            var outcome = found.Kind == TargetOutcomeKind.Applied
                ? await slack.PostAsync("chat.update", ApprovalMessage.Update(request, channel, found.ExternalId!), repeatable: true, cancellationToken) is { Problem: { } problem }
                    ? problem
                    : found
                : found;
            if (outcome.Kind == TargetOutcomeKind.Applied)
            {
                return ProcessingResult.Completed;
            }

            if (outcome.Kind == TargetOutcomeKind.Failed || attempt == UpdateAttempts)
            {
                if (ShouldWarn(out var more))
                {
                    LogNotUpdated(logger, request.Id, channel, outcome.Reason ?? "refused", more);
                }

                return ProcessingResult.Completed;
            }

            await Task.Delay(outcome.RetryAfter ?? delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_lastRetry.Ticks));
        }
    }

    private bool ShouldWarn(out int more)
    {
        lock (_warnLock)
        {
            var now = time.GetUtcNow();
            if (now - _warnedAt < s_warnEvery)
            {
                _unwarned++;
                more = 0;
                return false;
            }

            (_warnedAt, more, _unwarned) = (now, _unwarned, 0);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval {ApprovalId} was not posted to Slack channel {Channel}: {Reason}; it can still be answered with `ambient approvals` ({More} other Slack failures since the last warning)")]
    private static partial void LogNotPosted(ILogger logger, string approvalId, string channel, string reason, int more);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Slack message of approval {ApprovalId} in {Channel} was not updated with its answer: {Reason} ({More} other Slack failures since the last warning)")]
    private static partial void LogNotUpdated(ILogger logger, string approvalId, string channel, string reason, int more);
}

using Ambient.Abstractions.Events;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Governance;

/// <summary>
/// Drives again the runs parked on an approval once it is answered or its time is up, each by the one worker whose
/// consumer holds the partition of the run's event. It looks at the approvals as they stand (at start, at every change,
/// and every second for expiries) rather than at answers as they arrive, so a restart, a rebalance, or an answer written
/// before its run finished parking all end the same way: the run is driven once more, and its tool call finds the answer.
/// A deadline therefore needs no timer to be re-armed: it is in the request, and the request is on the topic.
/// A request still pending when its run has finished waits for nothing (the run was rolled back past it, or failed and
/// was driven on without it): it is marked superseded, so an answer to it is refused rather than taken for a decision.
/// </summary>
internal sealed partial class ApprovalResumer(IReadOnlyList<AgentRunner> runners, ApprovalView view, ApprovalWriter writer, EventReader events, TimeProvider time,
    ILogger<ApprovalResumer> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_expiryCheck = TimeSpan.FromSeconds(1);

    // Requests whose run this worker drove after their answer or expiry: once is enough (a failed drive is not added).
    private readonly HashSet<string> _driven = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await view.CaughtUp.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = view.Book.Changed;
            try
            {
                await SweepAsync(stoppingToken);
                await Task.WhenAny(changed, Task.Delay(s_expiryCheck, time, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        foreach (var runner in runners)
        {
            if (runner.IsPaused)
            {
                // Paused: its runs are driven once it is resumed (the next sweep after that).
                continue;
            }

            // Answered or expired: the run goes on. Pending while its run finished: superseded. Else it waits (and is not read whole).
            var due = view.Book.Where(r => r.Agent == runner.Name && !_driven.Contains(r.Id) && runner.Holds(r.InputTopic, r.InputPartition)
                && (!r.IsPending || r.IsExpiredAt(now) || runner.Checkpoints.IsFinished(r.InputTopic, r.InputPartition, r.RunId) == true));
            foreach (var request in due.OrderBy(r => r.AnsweredAt ?? r.ExpiresAt))
            {
                switch (runner.Checkpoints.IsUnfinished(request.Input.Topic, request.Input.Partition, request.RunId))
                {
                    case false when request.IsPending && runner.Checkpoints.IsFinished(request.Input.Topic, request.Input.Partition, request.RunId) == true:
                        await SupersedeAsync(request, stoppingToken);
                        break;
                    case false:
                        // Its run finished (the compacted topic keeps every answer for ever): no event to read again at start.
                        _driven.Add(request.Id);
                        break;
                    case true:
                        await DriveAsync(runner, request, stoppingToken);
                        break;
                    default:
                        // The partition's checkpoints are still being read: the next sweep knows.
                        break;
                }
            }
        }
    }

    private async Task SupersedeAsync(ApprovalRecord request, CancellationToken stoppingToken)
    {
        try
        {
            await writer.WriteAsync(request with
            {
                Status = ApprovalStatus.Superseded,
                AnsweredBy = "ambient",
                AnsweredAt = time.GetUtcNow(),
                AnsweredVia = "run",
                AnswerReason = $"run {request.RunId} finished without it",
            }, stoppingToken);
            LogSuperseded(logger, request.Agent, request.RunId, request.Id);
            _driven.Add(request.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Kafka away: tried again at the next sweep (an answer written meanwhile wins over it, as the book reads them).
            LogDriveFailed(logger, ex, request.Agent, request.RunId, request.Id);
        }
    }

    private async Task DriveAsync(AgentRunner runner, ApprovalRecord request, CancellationToken stoppingToken)
    {
        var at = new EventCoordinates(request.Input.Topic, request.Input.Partition, request.Input.Offset);
        try
        {
            var input = await events.ReadAsync(at, runner, stoppingToken);
            if (input.Id != request.Input.EventId)
            {
                LogEventGone(logger, request.Agent, request.RunId, request.Id, at.ToString(), input.Id);
            }
            else
            {
                LogDriving(logger, request.Agent, request.RunId, request.Id, request.Status);
                await runner.ResumeAsync(input, at, stoppingToken);
            }

            _driven.Add(request.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Kafka away, the event past its retention, the run failing: tried again at the next sweep.
            LogDriveFailed(logger, ex, request.Agent, request.RunId, request.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: approval {ApprovalId} is {Status}; the run goes on")]
    private static partial void LogDriving(ILogger logger, string agent, string runId, string approvalId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}, run {RunId}: approval {ApprovalId} was still pending when its run finished; marked superseded")]
    private static partial void LogSuperseded(ILogger logger, string agent, string runId, string approvalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}, run {RunId}: approval {ApprovalId} needs its run driven or its request updated, which failed; trying again shortly")]
    private static partial void LogDriveFailed(ILogger logger, Exception exception, string agent, string runId, string approvalId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent}, run {RunId}: approval {ApprovalId} was answered, but {At} now holds event {EventId}, not the run's; the run cannot go on")]
    private static partial void LogEventGone(ILogger logger, string agent, string runId, string approvalId, string at, string eventId);
}

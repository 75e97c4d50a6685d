using System.Diagnostics;
using System.Globalization;
using Ambient.Bench.Executor;
using Ambient.Bench.Runtime;
using Ambient.Executor.Ledger;
using Ambient.Governance.Approvals;
using Confluent.Kafka;

namespace Ambient.Bench.Governance;

/// <summary>
/// Approval answer to action applied. A policy holds github-triage's <c>github.propose_pull_request_plan</c> for a
/// maintainer's yes; one worker and the executor (GitHub in <c>apply</c> mode against the bench's local GitHub) run.
/// One event at a time: its run labels and comments, then parks at the plan; the bench answers as
/// <c>ambient approvals approve</c> does (<see cref="ApprovalDesk"/> over the topic) and times, from the answer's
/// acknowledgement, the plan action on <c>ambient.actions</c> (the worker's part: the resumer sees the answer, reads the
/// event again, drives the run) and its final ledger entry on <c>ambient.action-results</c> (the executor's part: policy
/// and approval checked again, <c>started</c>, the comment posted, outcome and audit, then the final entry).
/// </summary>
internal sealed class ApprovalMeasurement(string bootstrap, string agentFile, GovernanceBenchOptions options)
{
    public const string PlanTool = "github.propose_pull_request_plan";
    private const string PlanOperation = "propose_pull_request_plan";
    private const int WarmupRuns = 3;

    private static readonly string s_policy = $$"""
        name: bench-plans-need-a-maintainer
        rules:
          - name: plans
            match: {tools: [{{PlanTool}}]}
            decision: approve
            approvers: [maintainers]
            expiresIn: 1h
            reason: "A maintainer decides on pull request plans."
        """;

    public async Task<ApprovalResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var github = await BenchGitHub.StartAsync(cancellationToken);
        await using var deployment = await BenchDeployment.CreateAsync(bootstrap, agentFile, "a" + Guid.NewGuid().ToString("N")[..6], maxConcurrentRuns: null, cancellationToken);
        await deployment.ApplyPolicyAsync(s_policy, cancellationToken);
        await deployment.StartWorkerAsync(cancellationToken);
        await deployment.StartExecutorAsync(github.Url, cancellationToken);
        using var watch = new ActionWatch(bootstrap, deployment.Topics.Actions, deployment.Topics.ActionResults);
        var clock = new AckClock(new TopicApprovalSource(deployment.Kafka, deployment.Topics.Approvals));
        var desk = new ApprovalDesk(clock, new ApprovalWriter(deployment.Publisher, deployment.Topics.Approvals), TimeProvider.System);
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 0 }).Build();

        var samples = new List<ApprovalSample>();
        for (var run = 0; run < WarmupRuns + options.Approvals; run++)
        {
            var message = IssueEvents.Create(run);
            await producer.ProduceAsync(deployment.Topics.GitHubEvents, message, cancellationToken);
            var request = await WaitForRequestAsync(deployment, $"bench-issue-{run}", cancellationToken);
            await desk.AnswerAsync(request.Id, new ApprovalAnswer(Approve: true, "maintainers", "bench", "cli", ApproverRequired: false), cancellationToken);
            var acknowledged = clock.AcknowledgedAt;
            var proposed = await watch.ApprovedActionAsync(request.Id, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var (applied, entry) = await watch.FinalAsync(request.RunId, PlanOperation, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (entry.State != LedgerStates.Applied)
            {
                throw new InvalidOperationException($"The executor did not apply the approved plan of run {request.RunId}: {entry.State}, {entry.Reason}");
            }

            if (run < WarmupRuns)
            {
                continue;
            }

            var sample = new ApprovalSample(Stopwatch.GetElapsedTime(acknowledged, proposed).TotalMilliseconds, Stopwatch.GetElapsedTime(acknowledged, applied).TotalMilliseconds);
            samples.Add(sample);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[approval {samples.Count}/{options.Approvals}] plan action {sample.ActionMs:F1} ms, applied {sample.AppliedMs:F1} ms after the answer's ack"));
        }

        return new ApprovalResult(samples, github.Comments);
    }

    /// <summary>The pending request of the run of event <paramref name="eventId"/>, once its run parked.</summary>
    private static async Task<ApprovalRecord> WaitForRequestAsync(BenchDeployment deployment, string eventId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var book = await ApprovalBook.ReadAsync(deployment.Kafka, deployment.Topics.Approvals, cancellationToken);
            if (book.Where(r => r.IsPending).FirstOrDefault(r => r.Input.EventId == eventId) is { } request)
            {
                return request;
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"No approval request for {eventId} within 60 s: did the run park at the plan?");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}

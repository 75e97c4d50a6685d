using System.Collections.Concurrent;
using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Governance.Budgets;

/// <summary>
/// One replica's side of the budget ledger. It holds at most one lease per agent and hands reservations out of it
/// locally; only when the lease cannot cover a call does it give back the rest and ask the ledger for a new one (one
/// round trip, bounded by <see cref="BudgetOptions.RequestTimeout"/>). It reads the budget topic whole and then follows
/// it, for the ledger's answers and for every agent's budget, so a deferred run learns when budget is back.
/// </summary>
public sealed partial class BudgetLeases : BackgroundService, IBudgetLedger
{
    private static readonly IReadOnlyDictionary<string, string> s_headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" };
    private readonly ConcurrentDictionary<string, AgentLeases> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BudgetAnswer>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentBudget> _budgets = new(StringComparer.Ordinal);
    private readonly AmbientTopics _topics;
    private readonly IRecordPublisher _publisher;
    private readonly BudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BudgetLeases> _logger;
    private readonly TopicTail _tail;
    private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the replica's lease keeper; it reads the budget topic once started as a hosted service.</summary>
    public BudgetLeases(AmbientTopics topics, AmbientKafkaOptions kafka, IRecordPublisher publisher, BudgetOptions options, TimeProvider time, ILogger<BudgetLeases> logger)
    {
        ArgumentNullException.ThrowIfNull(topics);
        (_topics, _publisher, _options, _time, _logger) = (topics, publisher, options, time, logger);
        _tail = new TopicTail(topics.Budget, fromEnd: false, kafka, logger);
    }

    /// <summary>Completes once the budget topic was read whole: before, no reservation is answered.</summary>
    public Task CaughtUp => _tail.CaughtUp;

    /// <inheritdoc />
    public ValueTask<BudgetGrant> ReserveAsync(string agent, long worstCaseTokens, CancellationToken cancellationToken) =>
        ReserveAsync(new BudgetReservation(agent, worstCaseTokens), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<BudgetGrant> ReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentException.ThrowIfNullOrEmpty(reservation.Agent);
        ArgumentOutOfRangeException.ThrowIfLessThan(reservation.WorstCaseTokens, 1);
        var (agent, worst) = (reservation.Agent, reservation.WorstCaseTokens);
        var leases = _agents.GetOrAdd(agent, _ => new AgentLeases());
        // One lease per agent per replica: callers queue here while a new lease is asked for, then share it.
        await leases.Gate.WaitAsync(cancellationToken);
        try
        {
            if (leases.Current is { } lease && lease.Remaining >= worst && _time.GetUtcNow() < lease.UsableUntil)
            {
                lease.Remaining -= worst;
                return BudgetGrant.Of(agent, worst, lease.Id);
            }

            if (leases.Current is { } spent)
            {
                // Given back before the next lease is asked for: the ledger reads both in this order.
                leases.Current = null;
                Send(agent, new BudgetRequest(BudgetRequestKind.Release, NewId(), _options.Replica, spent.Remaining, LeaseId: spent.Id));
            }

            var costPerToken = _options.PriceOf(reservation.Model)?.WorstPerToken ?? 0;
            var id = NewId();
            var answer = await AskAsync(agent, new BudgetRequest(BudgetRequestKind.Lease, id, _options.Replica, worst, costPerToken,
                DefaultLimits: reservation.DeclaredLimits), cancellationToken);
            if (!answer.Granted)
            {
                return BudgetGrant.Exhausted(agent, answer.Reason ?? "the budget is spent", answer.ResetsAt);
            }

            // Used for half its life at most, so a call taken from it ends (and settles) well before the ledger forgets it.
            var now = _time.GetUtcNow();
            var usableUntil = now + ((answer.ExpiresAt ?? now) - now) / 2;
            leases.Current = new LocalLease(id, answer.Tokens - worst, usableUntil);
            return BudgetGrant.Of(agent, worst, id);
        }
        finally
        {
            leases.Gate.Release();
        }
    }

    /// <inheritdoc />
    public void Settle(BudgetGrant grant, long inputTokens, long outputTokens, decimal costUsd)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant is { Granted: true, LeaseId: { } leaseId })
        {
            Send(grant.Agent, new BudgetRequest(BudgetRequestKind.Settle, NewId(), _options.Replica, grant.Tokens, LeaseId: leaseId,
                InputTokens: inputTokens, OutputTokens: outputTokens, CostUsd: costUsd));
        }
    }

    /// <inheritdoc />
    public async Task WaitForBudgetAsync(string agent, long worstCaseTokens, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        await CaughtUp.WaitAsync(cancellationToken);
        while (true)
        {
            // Read the signal before the budget: a change between the two completes it, so none is missed.
            var changed = _changed.Task;
            var known = _budgets.GetValueOrDefault(agent);
            var now = _time.GetUtcNow();
            if (known is null || BudgetRules.Tick(known, now).Covers(worstCaseTokens))
            {
                return;
            }

            // The day or month rolls over at a known time: wake then too, even if the ledger has not said so yet.
            var resetsAt = known.Limits.TokensPerMonth is { } perMonth && known.TokensThisMonth + known.OutstandingTokens + worstCaseTokens > perMonth
                ? known.MonthResetsAt : known.DayResetsAt;
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(changed, Task.Delay(resetsAt - now is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, wake.Token));
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc />
    public AgentBudget? Budget(string agent) => _budgets.GetValueOrDefault(agent);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    private async Task<BudgetAnswer> AskAsync(string agent, BudgetRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<BudgetAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = answer;
        try
        {
            await CaughtUp.WaitAsync(_options.RequestTimeout, cancellationToken);
            await _publisher.PublishAsync(Record(agent, request), cancellationToken).WaitAsync(_options.RequestTimeout, cancellationToken);
            return await answer.Task.WaitAsync(_options.RequestTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or KafkaOperationException)
        {
            throw new BudgetLedgerUnavailableException(
                $"The budget ledger did not answer a lease request of agent {agent} within {_options.RequestTimeout.TotalSeconds:0.#} s " +
                $"(topics {_topics.BudgetRequests} -> {_topics.Budget}): is Kafka reachable and a ledger processor running? {ex.Message}", ex);
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    private void Send(string agent, BudgetRequest request) => _ = SendAsync(agent, request);

    private async Task SendAsync(string agent, BudgetRequest request)
    {
        try
        {
            await _publisher.PublishAsync(Record(agent, request), CancellationToken.None);
        }
        catch (KafkaOperationException ex)
        {
            // The lease it belongs to expires at the ledger: lost returns are counted as spent until then.
            LogNotSent(_logger, request.Kind, agent, ex.Message);
        }
    }

    private OutgoingRecord Record(string agent, BudgetRequest request) => new(_topics.BudgetRequests, agent, BudgetJson.Encode(request), s_headers);

    private void Apply(TailRecord record)
    {
        if (record.Value is not { Length: > 0 } value || BudgetJson.TryRead<BudgetLedgerRecord>(value) is not { Budget: not null } ledger)
        {
            return;
        }

        _budgets[ledger.Budget.Agent] = ledger.Budget;
        if (ledger.Answer is { } answer && _pending.TryGetValue(answer.RequestId, out var waiting))
        {
            waiting.TrySetResult(answer);
        }

        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget {Kind} of agent {Agent} was not written; its lease is counted as spent until it expires: {Reason}")]
    private static partial void LogNotSent(ILogger logger, BudgetRequestKind kind, string agent, string reason);

    private sealed class AgentLeases
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public LocalLease? Current { get; set; }
    }

    private sealed class LocalLease(string id, long remaining, DateTimeOffset usableUntil)
    {
        public string Id => id;

        public long Remaining { get; set; } = remaining;

        public DateTimeOffset UsableUntil => usableUntil;
    }
}

using System.Text;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace Ambient.Governance.Budgets;

/// <summary>
/// The ledger's processor, one instance per requests partition (a Streamiz task): applies each agent's requests in
/// order to the agent's <see cref="AgentBudget"/> in the changelog-backed store, and forwards the budget with the answer
/// to the budget topic. A wall-clock punctuation announces days rolled over and leases expired, so waiting replicas learn
/// that budget is back without asking.
/// </summary>
internal sealed partial class BudgetLedgerTransformer : ITransformer<string, string, string, string>
{
    private readonly BudgetRules _rules = null!;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly TimeSpan _tickInterval;
    private readonly ILogger _logger = null!;
    private IKeyValueStore<string, string> _store = null!;
    private ProcessorContext<string, string> _context = null!;

    // A writer of the requests topic can send any number of bad records: said once a minute, with how many, not once each.
    private static readonly TimeSpan s_reportEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _reportedAt = DateTimeOffset.MinValue;
    private int _unreported;

    // Streamiz's TransformerBuilder requires a parameterless constructor, but builds each task's instance with the
    // parameters given to it (TransformerBuilder.Transformer<T>(parameters)), through the constructor below.
    public BudgetLedgerTransformer()
    {
    }

    public BudgetLedgerTransformer(BudgetRules rules, TimeProvider time, TimeSpan tickInterval, ILogger logger) =>
        (_rules, _time, _tickInterval, _logger) = (rules, time, tickInterval, logger);

    public void Init(ProcessorContext<string, string> context)
    {
        _context = context;
        _store = (IKeyValueStore<string, string>)context.GetStateStore(AmbientTopics.BudgetStoreName);
        context.Schedule(_tickInterval, PunctuationType.PROCESSING_TIME, _ => Tick());
    }

    public Record<string, string>? Process(Record<string, string> record)
    {
        var agent = record.Key;
        var request = record.Value is null ? null : BudgetJson.TryRead<BudgetRequest>(Encoding.UTF8.GetBytes(record.Value));
        if (string.IsNullOrEmpty(agent) || request is null)
        {
            ReportUnreadable(record.TopicPartitionOffset.ToString());
            return null;
        }

        var current = Read(agent);
        var offset = record.TopicPartitionOffset.Offset.Value;
        if (current is not null && offset <= current.AppliedOffset)
        {
            // Read again after a crash between the store's write and the offset commit: it counted once already.
            return null;
        }

        var (budget, answer) = _rules.Apply(current, agent, request, _time.GetUtcNow());
        budget = budget with { AppliedOffset = offset };
        _store.Put(agent, BudgetJson.Write(budget));
        return Record<string, string>.Create(agent, BudgetJson.Write(new BudgetLedgerRecord(budget, answer)));
    }

    public void Close()
    {
    }

    private void Tick()
    {
        var now = _time.GetUtcNow();
        var changed = new List<AgentBudget>();
        using (var all = _store.All().GetEnumerator())
        {
            while (all.MoveNext())
            {
                if (BudgetJson.TryRead<AgentBudget>(Encoding.UTF8.GetBytes(all.Current.Value)) is { } budget && BudgetRules.Tick(budget, now) is var ticked && !ReferenceEquals(ticked, budget))
                {
                    changed.Add(ticked);
                }
            }
        }

        foreach (var budget in changed)
        {
            _store.Put(budget.Agent, BudgetJson.Write(budget));
            _context.Forward(budget.Agent, BudgetJson.Write(new BudgetLedgerRecord(budget, null)));
        }
    }

    private void ReportUnreadable(string position)
    {
        _unreported++;
        var now = _time.GetUtcNow();
        if (now - _reportedAt >= s_reportEvery)
        {
            LogUnreadable(_logger, _unreported, position);
            (_reportedAt, _unreported) = (now, 0);
        }
    }

    private AgentBudget? Read(string agent) => _store.Get(agent) is { } json ? BudgetJson.TryRead<AgentBudget>(Encoding.UTF8.GetBytes(json)) : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} budget requests were not budget requests keyed by agent and were skipped, the last at {Position} (said at most once a minute)")]
    private static partial void LogUnreadable(ILogger logger, int count, string position);
}

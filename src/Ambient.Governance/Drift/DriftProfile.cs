using Ambient.Abstractions.Audit;

namespace Ambient.Governance.Drift;

/// <summary>
/// What an agent did over some audited runs, as sums that add up across days and replicas: how its runs ended, which
/// tools it called for which event types (the action mix), how often a call was refused, what it spent and how sure it
/// said it was, and how the executor's attempts at its actions went. A day's profile per agent version is the daily
/// drift summary; <see cref="DriftComparison"/> compares two.
/// </summary>
public sealed class DriftProfile
{
    /// <summary>Finished runs: every audited outcome but the executor's (<c>action-*</c>) and the probe's.</summary>
    public long Runs { get; set; }

    /// <summary>Runs per outcome (<see cref="RunOutcomes"/>).</summary>
    public Dictionary<string, long> Outcomes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Runs per input event type.</summary>
    public Dictionary<string, long> EventTypes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tool calls the policies judged, per event type and tool (<c>type</c> then <c>plugin.function</c>): the action mix.</summary>
    public Dictionary<string, Dictionary<string, long>> ToolCalls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tool calls asked for: the judged ones and the ones the agent may not use.</summary>
    public long ToolCallsAsked { get; set; }

    /// <summary>Tool calls refused: tools the agent may not use and calls a policy denied.</summary>
    public long ToolCallsRefused { get; set; }

    /// <summary>Actions proposed.</summary>
    public long Actions { get; set; }

    /// <summary>Tokens the runs used, input and output.</summary>
    public long Tokens { get; set; }

    /// <summary>What the runs' model calls cost, in US dollars.</summary>
    public decimal CostUsd { get; set; }

    /// <summary>Sum of the confidences stated, and how many runs stated one.</summary>
    public double ConfidenceSum { get; set; }

    /// <summary>Runs whose model stated a confidence.</summary>
    public long ConfidenceStated { get; set; }

    /// <summary>Runs per answering model (a fallback's name when one answered).</summary>
    public Dictionary<string, long> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The executor's outcomes for the agent's actions (<c>action-applied</c>, <c>action-failed</c>, ...).</summary>
    public Dictionary<string, long> ActionOutcomes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The earliest audit time counted, or null for an empty profile.</summary>
    public DateTimeOffset? First { get; set; }

    /// <summary>The latest audit time counted, or null for an empty profile.</summary>
    public DateTimeOffset? Last { get; set; }

    /// <summary>Counts one audit record of the agent; records that are not a finished run or an action outcome change nothing.</summary>
    public void Add(AuditRecord audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Outcome.StartsWith(ActionOutcomePrefix, StringComparison.Ordinal))
        {
            Increment(ActionOutcomes, audit.Outcome);
            Seen(audit.Time, audit.Time);
            return;
        }

        if (RunOutcomes.IsUnfinished(audit.Outcome) || audit.Outcome is RunOutcomes.Unhealthy or RunOutcomes.Healthy
            || audit.Outcome.StartsWith(RunOutcomes.ConsolePrefix, StringComparison.Ordinal))
        {
            return;
        }

        Runs++;
        Increment(Outcomes, audit.Outcome);
        Increment(EventTypes, audit.EventType);
        Increment(Models, audit.Model);
        foreach (var decision in audit.Decisions)
        {
            if (!ToolCalls.TryGetValue(audit.EventType, out var tools))
            {
                ToolCalls[audit.EventType] = tools = new(StringComparer.Ordinal);
            }

            Increment(tools, decision.Tool);
        }

        ToolCallsAsked += audit.Decisions.Count + audit.RefusedTools.Count;
        ToolCallsRefused += audit.RefusedTools.Count + audit.Decisions.Count(d => d.Decision == "deny");
        Actions += audit.ActionIds.Count;
        Tokens += audit.InputTokens + audit.OutputTokens;
        CostUsd += audit.CostUsd;
        if (audit.Confidence is { } confidence)
        {
            ConfidenceSum += confidence;
            ConfidenceStated++;
        }

        Seen(audit.Time, audit.Time);
    }

    /// <summary>Adds another profile's sums to this one's (two days, two versions, two replicas).</summary>
    public void Merge(DriftProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Runs += other.Runs;
        MergeCounts(Outcomes, other.Outcomes);
        MergeCounts(EventTypes, other.EventTypes);
        MergeCounts(Models, other.Models);
        MergeCounts(ActionOutcomes, other.ActionOutcomes);
        foreach (var (type, tools) in other.ToolCalls)
        {
            if (!ToolCalls.TryGetValue(type, out var mine))
            {
                ToolCalls[type] = mine = new(StringComparer.Ordinal);
            }

            MergeCounts(mine, tools);
        }

        ToolCallsAsked += other.ToolCallsAsked;
        ToolCallsRefused += other.ToolCallsRefused;
        Actions += other.Actions;
        Tokens += other.Tokens;
        CostUsd += other.CostUsd;
        ConfidenceSum += other.ConfidenceSum;
        ConfidenceStated += other.ConfidenceStated;
        if (other.First is { } first && other.Last is { } last)
        {
            Seen(first, last);
        }
    }

    /// <summary>The profiles' sums together, as a new profile.</summary>
    public static DriftProfile Sum(IEnumerable<DriftProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var sum = new DriftProfile();
        foreach (var profile in profiles)
        {
            sum.Merge(profile);
        }

        return sum;
    }

    /// <summary>Outcomes of the executor's audit records start so; the worker's never do.</summary>
    public const string ActionOutcomePrefix = "action-";

    private void Seen(DateTimeOffset first, DateTimeOffset last)
    {
        First = First is { } f && f <= first ? f : first;
        Last = Last is { } l && l >= last ? l : last;
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static void MergeCounts(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }
}

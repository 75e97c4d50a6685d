using System.Globalization;
using System.Text;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Governance.Budgets;
using Ambient.Governance.State;
using Ambient.Supervisor.Agents;
using Ambient.Supervisor.Overview;
using Ambient.Supervisor.Runs;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/</c>: each agent with its state, events per minute, runs in flight, parked and failed, today's tokens and cost
/// against its budget, and its consumer lag with the replicas KEDA would ask for; then the lag of the last hour as a
/// chart (an SVG drawn here, no script).
/// </summary>
internal static class OverviewPage
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(5);

    public static void MapOverviewPage(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/", (RunBoard runs, AgentCardBoard cards, GovernanceView governance, BudgetBoard budgets, LagSampler lag) =>
            Html.Page("Overview", Render(runs, cards, governance.State.Current, budgets, lag, TimeProvider.System.GetUtcNow())));

    private static string Render(RunBoard board, AgentCardBoard cards, GovernanceSnapshot governance, BudgetBoard budgets, LagSampler lag, DateTimeOffset now)
    {
        var runs = board.Runs();
        var agents = runs.Select(r => r.Agent).Concat(cards.Agents.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var body = new StringBuilder();
        if (governance.Pauses.ContainsKey(GovernanceKeys.AllAgents))
        {
            body.Append("<p class=\"error\" role=\"status\">Kill switch on: every agent and the executors are paused (<a href=\"/agents\">agents</a>).</p>");
        }

        body.Append("<table id=\"overview\"><caption>Agents now; runs as the checkpoints topic holds them, budgets as the ledger last wrote them</caption><thead><tr>");
        foreach (var column in new[] { "Agent", "State", "Events/min", "In flight", "Parked", "Failed", "Tokens today", "Cost today", "Lag", "Replicas (KEDA)" })
        {
            body.Append("<th scope=\"col\">").Append(column).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var agent in agents)
        {
            var own = runs.Where(r => r.Agent == agent).ToList();
            var started = own.Count(r => r.StartedAt >= now - RateWindow);
            var latest = lag.Agents.GetValueOrDefault(agent)?.Samples is { Count: > 0 } samples ? samples[^1] : null;
            var budget = budgets.Budgets.GetValueOrDefault(agent);
            body.Append("<tr data-agent=\"").Append(Html.E(agent)).Append("\"><th scope=\"row\"><a href=\"/runs?agent=").Append(Uri.EscapeDataString(agent)).Append("\">")
                .Append(Html.E(agent)).Append("</a></th><td>").Append(governance.PauseOf(agent) is null ? "running" : "paused").Append("</td><td>")
                .Append(Number(started / RateWindow.TotalMinutes, "F1")).Append("</td><td>")
                .Append(own.Count(r => r.Status == CheckpointStatus.Running)).Append("</td><td>")
                .Append(own.Count(r => r.Status == CheckpointStatus.Waiting || r.Outcome is RunOutcomes.Parked or RunOutcomes.Waiting)).Append("</td><td>")
                .Append(own.Count(r => r.Status == CheckpointStatus.Failed)).Append("</td><td>").Append(Tokens(budget)).Append("</td><td>").Append(Cost(budget)).Append("</td><td>")
                .Append(latest is null ? "unknown" : Number(latest.Lag, "N0")).Append("</td><td>").Append(latest is null ? "–" : Number(latest.DesiredReplicas, "N0")).Append("</td></tr>");
        }

        body.Append("</tbody></table>").Append(agents.Count == 0 ? "<p>No agent has a card or a run yet.</p>" : string.Empty);
        return body.Append("<h2>Lag, last hour</h2>").Append(LagChart.Render(lag.Agents, now)).ToString();
    }

    private static string Tokens(AgentBudget? budget) => budget is null
        ? "–"
        : Number(budget.TokensToday, "N0") + (budget.Limits.TokensPerDay is { } limit ? $" of {Number(limit, "N0")}" : string.Empty);

    private static string Cost(AgentBudget? budget) => budget is null
        ? "–"
        : "$" + Number(budget.CostTodayUsd, "F2") + (budget.Limits.CostPerDayUsd is { } limit ? $" of ${Number(limit, "F2")}" : string.Empty);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Number(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Number(long value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Governance.State;
using Ambient.Kafka.Topics;
using Ambient.Supervisor.Agents;
using Ambient.Supervisor.Audit;
using Ambient.Supervisor.Runs;
using Ambient.Supervisor.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/agents</c>: each agent's inventory from its Agent Card (owner, purpose, risk tier, tools and zones, MCP servers,
/// model, budgets, version), whether it runs or is paused (by whom, when, why), its pause and resume buttons, and
/// the kill switch for every agent behind a confirmation. A pause is the record <c>ambient pause</c> writes on the
/// governance topic, naming the console user who took it; workers and executors hold the agent from their next step.
/// </summary>
internal static partial class AgentPages
{
    private static readonly TimeSpan ReadBackWait = TimeSpan.FromSeconds(5);

    public static void MapAgentPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/agents", (HttpContext context, RunBoard board, AgentCardBoard cards, GovernanceView governance, IAntiforgery antiforgery) =>
            Html.Page("Agents", List(context, board, cards, governance, antiforgery)));
        MapAction(endpoints, "/agents/{agent}/pause", "pause", (writer, post) =>
            writer.PauseAsync(new PauseRecord(post.Agent, post.Reason, post.By, TimeProvider.System.GetUtcNow()), post.Aborted), paused: true);
        MapAction(endpoints, "/agents/{agent}/resume", "resume", (writer, post) => writer.ResumeAsync(post.Agent, post.Aborted), paused: false);
        MapAction(endpoints, "/agents/all/pause", "kill-switch", (writer, post) =>
            writer.PauseAsync(new PauseRecord(GovernanceKeys.AllAgents, post.Reason, post.By, TimeProvider.System.GetUtcNow()), post.Aborted), paused: true);
        MapAction(endpoints, "/agents/all/resume", "kill-switch-lifted", (writer, post) => writer.ResumeAsync(GovernanceKeys.AllAgents, post.Aborted), paused: false);
    }

    // The four actions differ only in the record written and the state it leaves: pause or resume, one agent or all.
    private static void MapAction(IEndpointRouteBuilder endpoints, string pattern, string act, Func<GovernanceWriter, AgentPost, Task> write, bool paused) =>
        endpoints.MapPost(pattern, async (HttpContext context, IAntiforgery antiforgery,
            IRecordPublisher publisher, IOptions<AmbientTopics> topics, GovernanceView governance, ConsoleAudit audit) =>
        {
            var form = await ConsoleForms.FormOfAsync(context);
            var (reason, confirm) = (form["reason"].ToString(), form["confirm"].ToString());
            // From the route only: /agents/all/... has no agent, and a query string must not give it one.
            var agent = context.Request.RouteValues.GetValueOrDefault("agent") as string;
            var target = agent ?? GovernanceKeys.AllAgents;
            // Only an agent's name as agent files allow it, and a reason of a line: nothing else reaches the governance topic.
            if (agent is not null && !AgentName().IsMatch(agent))
            {
                return ConsoleForms.Refused("Agents", $"'{agent}' is not an agent's name", "/agents");
            }

            if (agent is null && paused && confirm != "every-agent")
            {
                return ConsoleForms.Refused("Agents", "The kill switch needs its confirmation ticked", "/agents");
            }

            if (await ConsoleForms.RefusalAsync(context, antiforgery, "Agents", "/agents", reason) is { } refused)
            {
                return refused;
            }

            var post = new AgentPost(target, ConsoleForms.Blank(reason), ConsoleForms.UserOf(context), context.RequestAborted);
            await write(new GovernanceWriter(publisher, topics.Value.Policy), post);
            await audit.RecordAsync(act, target, post.By, post.Reason, context.RequestAborted);
            await ConsoleForms.ReadBackAsync(() => governance.State.Current.Pauses.ContainsKey(target) == paused, () => governance.State.Changed, ReadBackWait, context.RequestAborted);
            return Results.Redirect("/agents", permanent: false, preserveMethod: false);
        }).RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();

    private sealed record AgentPost(string Agent, string? Reason, string By, CancellationToken Aborted);

    private static string List(HttpContext context, RunBoard board, AgentCardBoard cards, GovernanceView governance, IAntiforgery antiforgery)
    {
        var snapshot = governance.State.Current;
        var canAct = context.User.IsInRole(ConsoleRoles.Operator);
        var hidden = ConsoleForms.AntiforgeryField(context, antiforgery);
        var agents = board.Runs().Select(r => r.Agent).Concat(cards.Agents.Keys).Concat(snapshot.Pauses.Keys.Where(a => a != GovernanceKeys.AllAgents))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var body = new StringBuilder();
        if (snapshot.Pauses.GetValueOrDefault(GovernanceKeys.AllAgents) is { } all)
        {
            body.Append("<p class=\"error\" role=\"status\">Kill switch on: every agent and the executors are paused ").Append(Pause(all)).Append(".</p>");
        }

        body.Append("<table id=\"agents\"><caption>Agents with a card, runs or a pause</caption><thead><tr><th scope=\"col\">Agent</th><th scope=\"col\">State</th>")
            .Append("<th scope=\"col\">Owner</th><th scope=\"col\">Risk tier</th><th scope=\"col\">Model</th>")
            .Append(canAct ? "<th scope=\"col\">Action</th>" : string.Empty).Append("</tr></thead><tbody>");
        foreach (var agent in agents)
        {
            var pause = snapshot.PauseOf(agent);
            var id = Uri.EscapeDataString(agent);
            body.Append("<tr data-agent=\"").Append(Html.E(agent)).Append("\"><th scope=\"row\">").Append(Html.E(agent)).Append("</th><td>")
                .Append(pause is null ? "running" : $"paused {Pause(pause)}").Append("</td>")
                .Append(AgentInventoryHtml.Columns(cards.Agents.GetValueOrDefault(agent)));
            if (canAct)
            {
                body.Append("<td>");
                if (snapshot.Pauses.ContainsKey(agent))
                {
                    body.Append("<form method=\"post\" action=\"/agents/").Append(id).Append("/resume\">").Append(hidden)
                        .Append("<button type=\"submit\">Resume ").Append(Html.E(agent)).Append("</button></form>");
                }
                else
                {
                    body.Append("<form method=\"post\" action=\"/agents/").Append(id).Append("/pause\">").Append(hidden)
                        .Append("<label for=\"reason-").Append(Html.E(agent)).Append("\">Reason to pause ").Append(Html.E(agent)).Append("</label>")
                        .Append("<input id=\"reason-").Append(Html.E(agent)).Append("\" name=\"reason\"> <button type=\"submit\">Pause ").Append(Html.E(agent)).Append("</button></form>");
                }

                body.Append("</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</tbody></table>").Append(AgentInventoryHtml.Details(agents.Select(a => cards.Agents.GetValueOrDefault(a)).OfType<AgentCardView>()));
        if (canAct)
        {
            body.Append("<h2>Kill switch</h2>").Append(snapshot.Pauses.ContainsKey(GovernanceKeys.AllAgents)
                ? $"<form method=\"post\" action=\"/agents/all/resume\">{hidden}<button type=\"submit\">Lift the kill switch</button></form>"
                : $"<form method=\"post\" action=\"/agents/all/pause\">{hidden}<label for=\"reason-all\">Reason</label><input id=\"reason-all\" name=\"reason\">" +
                  "<label><input type=\"checkbox\" name=\"confirm\" value=\"every-agent\" required> I understand: every agent and the executors stop at their next step</label>" +
                  "<button type=\"submit\">Pause every agent</button></form>");
        }

        return body.ToString();
    }

    private static string Pause(PauseRecord pause) =>
        $"by {Html.E(pause.By ?? "someone")} since {pause.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{(pause.Reason is { } reason ? $": {Html.E(reason)}" : string.Empty)}";

    // As agent files name agents (AgentFileReader).
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]{0,59}$")]
    private static partial System.Text.RegularExpressions.Regex AgentName();
}

using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Governance.State;
using Ambient.Kafka.Topics;
using Ambient.Supervisor.Runs;
using Ambient.Supervisor.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/agents</c>: each agent with whether it runs or is paused (by whom, when, why), its pause and resume buttons, and
/// the kill switch for every agent behind a confirmation. A pause is the record <c>ambient pause</c> writes on the
/// governance topic, naming the console user who took it; workers and executors hold the agent from their next step.
/// </summary>
internal static partial class AgentPages
{
    /// <summary>The longest reason a pause records: a line for whoever looks, not a document.</summary>
    public const int MaxReasonLength = 500;

    private static readonly TimeSpan ReadBackWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadBackPoll = TimeSpan.FromMilliseconds(50);

    public static void MapAgentPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/agents", (HttpContext context, RunBoard board, GovernanceView governance, IAntiforgery antiforgery) =>
            Html.Page("Agents", List(context, board, governance, antiforgery)));
        endpoints.MapPost("/agents/{agent}/pause", (HttpContext context, string agent, [FromForm] string? reason, IAntiforgery antiforgery, IRecordPublisher publisher,
            IOptions<AmbientTopics> topics, GovernanceView governance) => ActAsync(context, antiforgery, writer => writer.PauseAsync(new PauseRecord(agent, Blank(reason), UserOf(context),
                TimeProvider.System.GetUtcNow()), context.RequestAborted), publisher, topics, governance, state => state.Pauses.ContainsKey(agent)))
            .RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
        endpoints.MapPost("/agents/{agent}/resume", (HttpContext context, string agent, IAntiforgery antiforgery, IRecordPublisher publisher, IOptions<AmbientTopics> topics,
            GovernanceView governance) => ActAsync(context, antiforgery, writer => writer.ResumeAsync(agent, context.RequestAborted), publisher, topics, governance,
                state => !state.Pauses.ContainsKey(agent)))
            .RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
        endpoints.MapPost("/agents/all/pause", (HttpContext context, [FromForm] string? reason, [FromForm] string? confirm, IAntiforgery antiforgery, IRecordPublisher publisher,
            IOptions<AmbientTopics> topics, GovernanceView governance) => confirm != "every-agent"
                ? Task.FromResult(Html.Page("Agents", "<p class=\"error\" role=\"alert\">The kill switch needs its confirmation ticked: nothing was paused.</p><p><a href=\"/agents\">Back to the agents</a></p>",
                    status: StatusCodes.Status400BadRequest))
                : ActAsync(context, antiforgery, writer => writer.PauseAsync(new PauseRecord(GovernanceKeys.AllAgents, Blank(reason), UserOf(context), TimeProvider.System.GetUtcNow()),
                    context.RequestAborted), publisher, topics, governance, state => state.Pauses.ContainsKey(GovernanceKeys.AllAgents)))
            .RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
        endpoints.MapPost("/agents/all/resume", (HttpContext context, IAntiforgery antiforgery, IRecordPublisher publisher, IOptions<AmbientTopics> topics, GovernanceView governance) =>
            ActAsync(context, antiforgery, writer => writer.ResumeAsync(GovernanceKeys.AllAgents, context.RequestAborted), publisher, topics, governance,
                state => !state.Pauses.ContainsKey(GovernanceKeys.AllAgents)))
            .RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
    }

    // A browser's post must carry the form's antiforgery token (its cookie would ride along on a forged one); a script's
    // bearer token cannot be sent by another site, so it needs none. Then the record, then back to the list (303).
    private static async Task<IResult> ActAsync(HttpContext context, IAntiforgery antiforgery, Func<GovernanceWriter, Task> act, IRecordPublisher publisher, IOptions<AmbientTopics> topics,
        GovernanceView governance, Func<GovernanceSnapshot, bool> applied)
    {
        // Only an agent's name as agent files allow it, and a reason of a line: nothing else reaches the governance topic.
        if (context.Request.RouteValues.TryGetValue("agent", out var agent) && agent is string name && !AgentName().IsMatch(name))
        {
            return Html.Page("Agents", $"<p class=\"error\" role=\"alert\">'{Html.E(name)}' is not an agent's name: nothing was changed.</p>", status: StatusCodes.Status400BadRequest);
        }

        if (context.Request.HasFormContentType && (await context.Request.ReadFormAsync(context.RequestAborted))["reason"].ToString().Length > MaxReasonLength)
        {
            return Html.Page("Agents", $"<p class=\"error\" role=\"alert\">A reason is at most {MaxReasonLength} characters: nothing was changed.</p>", status: StatusCodes.Status400BadRequest);
        }

        if (context.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme && !await antiforgery.IsRequestValidAsync(context))
        {
            return Html.Page("Agents", "<p class=\"error\" role=\"alert\">This form is stale or came from another site: nothing was changed.</p><p><a href=\"/agents\">Back to the agents</a></p>",
                status: StatusCodes.Status400BadRequest);
        }

        await act(new GovernanceWriter(publisher, topics.Value.Policy));
        // The page that follows shows the change: wait (a few seconds at most) until this console read its own write back.
        for (var waited = TimeSpan.Zero; !applied(governance.State.Current) && waited < ReadBackWait; waited += ReadBackPoll)
        {
            await Task.Delay(ReadBackPoll, context.RequestAborted);
        }

        return Results.Redirect("/agents", permanent: false, preserveMethod: false);
    }

    private static string List(HttpContext context, RunBoard board, GovernanceView governance, IAntiforgery antiforgery)
    {
        var snapshot = governance.State.Current;
        var canAct = context.User.IsInRole(ConsoleRoles.Operator);
        var form = antiforgery.GetAndStoreTokens(context);
        var hidden = $"<input type=\"hidden\" name=\"{Html.E(form.FormFieldName)}\" value=\"{Html.E(form.RequestToken)}\">";
        var agents = board.Runs().Select(r => r.Agent).Concat(snapshot.Pauses.Keys.Where(a => a != GovernanceKeys.AllAgents))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var body = new StringBuilder();
        if (snapshot.Pauses.GetValueOrDefault(GovernanceKeys.AllAgents) is { } all)
        {
            body.Append("<p class=\"error\" role=\"status\">Kill switch on: every agent and the executors are paused ").Append(Pause(all)).Append(".</p>");
        }

        body.Append("<table><caption>Agents with runs or pauses</caption><thead><tr><th scope=\"col\">Agent</th><th scope=\"col\">State</th>")
            .Append(canAct ? "<th scope=\"col\">Action</th>" : string.Empty).Append("</tr></thead><tbody>");
        foreach (var agent in agents)
        {
            var pause = snapshot.PauseOf(agent);
            var id = Uri.EscapeDataString(agent);
            body.Append("<tr data-agent=\"").Append(Html.E(agent)).Append("\"><th scope=\"row\">").Append(Html.E(agent)).Append("</th><td>")
                .Append(pause is null ? "running" : $"paused {Pause(pause)}").Append("</td>");
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

        body.Append("</tbody></table>");
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

    // The pause records who took it: the console user, as the CLI records the operator's login.
    private static string UserOf(HttpContext context) => $"console:{context.User.Identity?.Name ?? "unknown"}";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // As agent files name agents (AgentFileReader).
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]{0,59}$")]
    private static partial System.Text.RegularExpressions.Regex AgentName();
}

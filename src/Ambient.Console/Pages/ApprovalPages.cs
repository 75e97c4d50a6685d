using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Governance.Approvals;
using Ambient.Supervisor.Audit;
using Ambient.Supervisor.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/approvals</c>: the requests runs parked on for a human, with what the agent wanted and why, each answered here
/// (approve or deny, with a reason) as <c>ambient approvals</c> and Slack's buttons answer them; then the history.
/// The answer goes on the approvals topic naming the console user; the parked run's worker takes it from there.
/// </summary>
internal static class ApprovalPages
{
    private const int MaxHistory = 100;

    public static void MapApprovalPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/approvals", (HttpContext context, ApprovalView approvals, IAntiforgery antiforgery) =>
            Html.Page("Approvals", List(context, approvals.Book.All(), antiforgery)));
        endpoints.MapPost("/approvals/{id}", async (HttpContext context, string id, ApprovalDesk desk, IAntiforgery antiforgery, ConsoleAudit audit) =>
        {
            var form = await ConsoleForms.FormOfAsync(context);
            var (answer, reason) = (form["answer"].ToString(), form["reason"].ToString());
            if (answer is not ("approve" or "deny"))
            {
                return ConsoleForms.Refused("Approvals", "An answer is approve or deny", "/approvals");
            }

            if (await ConsoleForms.RefusalAsync(context, antiforgery, "Approvals", "/approvals", reason) is { } refused)
            {
                return refused;
            }

            var user = context.User.Identity?.Name ?? "unknown";
            try
            {
                // The answer names the signed-in user: the rule's approvers are matched by that name, anyone else is recorded as an override.
                var answered = await desk.AnswerAsync(id, new ApprovalAnswer(answer == "approve", user, ConsoleForms.Blank(reason), "console", ApproverRequired: false),
                    context.RequestAborted);
                await audit.RecordAsync(answer, answered.Agent, ConsoleForms.UserOf(context), ConsoleForms.Blank(reason), context.RequestAborted, subject: id);
                return Results.Redirect("/approvals", permanent: false, preserveMethod: false);
            }
            catch (ApprovalRefusedException ex)
            {
                return ConsoleForms.Refused("Approvals", ex.Message.TrimEnd('.'), "/approvals", StatusCodes.Status409Conflict);
            }
        }).RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
    }

    private static string List(HttpContext context, IReadOnlyList<ApprovalRecord> requests, IAntiforgery antiforgery)
    {
        var canAct = context.User.IsInRole(ConsoleRoles.Operator);
        var pending = requests.Where(r => r.IsPending).OrderBy(r => r.ExpiresAt).ToList();
        var body = new StringBuilder();
        body.Append("<h2>Waiting for an answer (").Append(pending.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (pending.Count == 0)
        {
            body.Append("<p>Nothing waits for an answer.</p>");
        }

        var hidden = canAct ? ConsoleForms.AntiforgeryField(context, antiforgery) : string.Empty;
        foreach (var request in pending)
        {
            body.Append("<article class=\"approval\" data-approval=\"").Append(Html.E(request.Id)).Append("\" aria-labelledby=\"h-").Append(Html.E(request.Id)).Append("\">")
                .Append("<h3 id=\"h-").Append(Html.E(request.Id)).Append("\">").Append(Html.E(request.Agent)).Append(" wants <code>").Append(Html.E(request.Tool)).Append("</code></h3>")
                .Append("<dl class=\"facts\">");
            Html.Fact(body, "Run", $"<a href=\"/runs/{Uri.EscapeDataString(request.RunId)}\">{Html.E(request.RunId)}</a> ({Html.E(request.Input.EventType)})");
            Html.Fact(body, "Arguments", $"<pre>{Html.E(JsonSerializer.Serialize(request.Arguments, RunConversation.Indented))}</pre>");
            Html.Fact(body, "Its reasoning", Html.E(request.Reasoning ?? "(the model said nothing with the call)"));
            Html.Fact(body, "Why it waits", $"{Html.E(request.Reason)} (rule <code>{Html.E(request.Rule ?? "default")}</code> of policy <code>{Html.E(request.Policy)}</code>)");
            Html.Fact(body, "Approvers", Html.E(string.Join(", ", request.Approvers)));
            Html.Fact(body, "Expires", $"{Html.Time(request.ExpiresAt)}, then {(request.OnExpiry == ApprovalStatus.Approved ? "allowed" : "denied")}");
            body.Append("</dl>");
            if (canAct)
            {
                var id = Html.E(request.Id);
                body.Append("<form method=\"post\" action=\"/approvals/").Append(Uri.EscapeDataString(request.Id)).Append("\">").Append(hidden)
                    .Append("<label for=\"reason-").Append(id).Append("\">Reason for ").Append(id).Append("</label><input id=\"reason-").Append(id)
                    .Append("\" name=\"reason\" maxlength=\"500\"> <button type=\"submit\" name=\"answer\" value=\"approve\">Approve ").Append(id)
                    .Append("</button> <button type=\"submit\" name=\"answer\" value=\"deny\">Deny ").Append(id).Append("</button></form>");
            }

            body.Append("</article>");
        }

        var history = requests.Where(r => !r.IsPending).OrderByDescending(r => r.AnsweredAt ?? r.RequestedAt).Take(MaxHistory).ToList();
        body.Append("<h2>History</h2><table id=\"history\"><caption>Answered, expired and superseded requests, newest first (the last ").Append(MaxHistory)
            .Append(")</caption><thead><tr><th scope=\"col\">Request</th><th scope=\"col\">Agent</th><th scope=\"col\">Tool</th><th scope=\"col\">Answer</th>")
            .Append("<th scope=\"col\">By</th><th scope=\"col\">When</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
        foreach (var request in history)
        {
            body.Append("<tr data-approval=\"").Append(Html.E(request.Id)).Append("\"><td><a href=\"/runs/").Append(Uri.EscapeDataString(request.RunId)).Append("\">")
                .Append(Html.E(request.Id)).Append("</a></td><td>").Append(Html.E(request.Agent)).Append("</td><td>").Append(Html.E(request.Tool)).Append("</td><td>")
                .Append(Html.E(request.Status)).Append(request.Override ? " (override)" : string.Empty).Append("</td><td>")
                .Append(Html.E(request.AnsweredBy is { } by ? $"{by} via {request.AnsweredVia}" : "–")).Append("</td><td>")
                .Append(Html.Time(request.AnsweredAt ?? request.RequestedAt)).Append("</td><td>").Append(Html.E(request.AnswerReason)).Append("</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Executor.Ledger;
using Ambient.Runtime.Runs;
using Ambient.Supervisor.Audit;
using Ambient.Supervisor.Runs;
using Ambient.Supervisor.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/runs/{id}</c>: a run whole, its event, every step with its timing, the model exchanges, the tool calls with what
/// they read, the actions with what the executor did with them, the checkpoint timeline, its trace, and rolling it back
/// to a step of the operator's choosing.
/// </summary>
internal static class RunDetailPage
{
    private const int MaxShownJson = 20_000;

    public static void MapRunDetailPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/runs/{id}", async (HttpContext context, string id, string? rollback, RunDetails runs, ConsoleOptions options, IAntiforgery antiforgery) =>
        {
            RunDetail? run;
            try
            {
                run = await runs.FindAsync(id, context.RequestAborted);
            }
            catch (RunDetailsBusyException ex)
            {
                return ConsoleForms.Refused("Run", ex.Message, $"/runs/{Uri.EscapeDataString(id)}", StatusCodes.Status503ServiceUnavailable);
            }

            return run is null
                ? Html.Page("Run not found", $"<p role=\"alert\">No run <code>{Html.E(id)}</code> on the checkpoints topic.</p><p><a href=\"/runs\">Back to the runs</a></p>",
                    status: StatusCodes.Status404NotFound)
                : Html.Page($"Run {id}", Describe(run, options, rollback) + RollbackForm(context, run, antiforgery));
        });
        endpoints.MapPost("/runs/{id}/rollback", async (HttpContext context, string id, RunDetails runs, IAntiforgery antiforgery, ConsoleAudit audit) =>
        {
            var form = await ConsoleForms.FormOfAsync(context);
            var (to, reason) = (form["to"].ToString(), form["reason"].ToString());
            var back = $"/runs/{Uri.EscapeDataString(id)}";
            if (await ConsoleForms.RefusalAsync(context, antiforgery, "Run", back, reason) is { } refused)
            {
                return refused;
            }

            try
            {
                var by = ConsoleForms.UserOf(context);
                var command = await runs.RequestRollbackAsync(id, ConsoleForms.Blank(to) ?? "last-good", by, context.RequestAborted);
                await audit.RecordAsync("rollback", command.Agent, by, ConsoleForms.Blank(reason), context.RequestAborted, subject: id);
                return Results.Redirect($"{back}?rollback={Uri.EscapeDataString(command.Id)}", permanent: false, preserveMethod: false);
            }
            catch (RollbackException ex)
            {
                return ConsoleForms.Refused("Run", ex.Message.TrimEnd('.'), back);
            }
        }).RequireAuthorization(ConsoleRoles.ActPolicy).DisableAntiforgery();
    }

    private static string Describe(RunDetail run, ConsoleOptions options, string? rollback)
    {
        var journal = run.Journal;
        var head = journal.Head;
        var input = journal.Input!;
        var chain = journal.Chain().Select(s => s.StepIndex).ToHashSet();
        var body = new StringBuilder();
        if (rollback is not null)
        {
            body.Append("<p role=\"status\">Rollback <code>").Append(Html.E(rollback))
                .Append("</code> requested: a worker of the agent applies it and the run goes on from that step; this page shows it once done.</p>");
        }

        body.Append("<dl class=\"facts\">");
        Html.Fact(body, "Agent", $"<a href=\"/agents\">{Html.E(journal.Agent)}</a> (version <code>{Html.E(head?.AgentVersion ?? journal.Steps.FirstOrDefault()?.AgentVersion)}</code>)");
        Html.Fact(body, "Status", Html.E(head?.Outcome is { } outcome ? $"{journal.Status} ({outcome})" : journal.Status ?? "unknown"));
        Html.Fact(body, "Event", $"<code>{Html.E(input.EventId)}</code> {Html.E(input.EventType)} at {Html.E(input.Topic)}/{input.Partition}@{input.Offset}");
        if (journal.ReplayOf is { } original)
        {
            Html.Fact(body, "Replays", $"<a href=\"/runs/{Uri.EscapeDataString(original)}\">{Html.E(original)}</a>");
        }

        var exchanges = journal.Chain().SelectMany(s => s.Exchanges).ToList();
        Html.Fact(body, "Tokens", string.Create(CultureInfo.InvariantCulture, $"{exchanges.Sum(e => e.InputTokens)} in, {exchanges.Sum(e => e.OutputTokens)} out, in {exchanges.Count} model calls"));
        if (run.Trace is { } trace)
        {
            var traceId = trace.TraceId.ToHexString();
            Html.Fact(body, "Trace", options.TraceLink(traceId) is { } link ? $"<a href=\"{Html.E(link)}\">{traceId}</a>" : $"<code>{traceId}</code>");
        }

        body.Append("</dl><h2>Event</h2>");
        body.Append(run.Event is { } evt
            ? $"<p>{Html.E(evt.Type)} from <code>{Html.E(evt.Source)}</code>{(evt.Subject is { } subject ? $", subject <code>{Html.E(subject)}</code>" : string.Empty)}</p>" +
              $"<details><summary>Its data ({evt.Data.Length} bytes)</summary><pre>{Html.E(Pretty(evt.Data))}</pre></details>"
            : $"<p class=\"error\">{Html.E(run.EventProblem)}</p>");

        body.Append("<h2>Checkpoint timeline</h2><table id=\"steps\"><caption>Every step written, oldest first; steps a rollback discarded are marked</caption><thead><tr>");
        foreach (var column in new[] { "Step", "Name", "Status", "From step", "Started", "Took", "Note" })
        {
            body.Append("<th scope=\"col\">").Append(column).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var step in journal.Steps)
        {
            body.Append("<tr data-step=\"").Append(step.StepIndex).Append("\"><td>").Append(step.StepIndex).Append("</td><td>").Append(Html.E(step.StepName))
                .Append(chain.Contains(step.StepIndex) ? string.Empty : " <em>(discarded)</em>").Append("</td><td>").Append(Html.E(step.Status))
                .Append("</td><td>").Append(step.Parent?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td><td>").Append(Html.Time(step.StartedAt))
                .Append("</td><td>").Append(((step.FinishedAt - step.StartedAt).TotalMilliseconds).ToString("F0", CultureInfo.InvariantCulture)).Append(" ms</td><td>")
                .Append(Html.E(step.Note)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        foreach (var step in journal.Chain().Where(s => s.Exchanges.Count > 0 || s.Actions.Count > 0))
        {
            body.Append("<section aria-labelledby=\"step-").Append(step.StepIndex).Append("\"><h2 id=\"step-").Append(step.StepIndex).Append("\">Step ")
                .Append(step.StepIndex).Append(": ").Append(Html.E(step.StepName)).Append("</h2>");
            foreach (var exchange in step.Exchanges)
            {
                body.Append("<details class=\"exchange\"><summary>Model <code>").Append(Html.E(exchange.Model)).Append("</code>: ").Append(Html.E(exchange.RequestSummary))
                    .Append(string.Create(CultureInfo.InvariantCulture, $" ({exchange.InputTokens} in, {exchange.OutputTokens} out)")).Append("</summary><pre>")
                    .Append(Html.E(Pretty(exchange.Response.Utf8.ToArray()))).Append("</pre></details>");
            }

            if (step.Actions.Count > 0)
            {
                body.Append("<ul class=\"actions\">");
                foreach (var action in step.Actions)
                {
                    body.Append("<li data-action=\"").Append(Html.E(action.Id)).Append("\"><strong>").Append(Html.E($"{action.Target} {action.Operation}")).Append("</strong> <code>")
                        .Append(Html.E(Cut(RunConversation.Compact(action.Arguments)))).Append("</code>: ").Append(Outcome(run.Outcomes.GetValueOrDefault(action.Id))).Append("</li>");
                }

                body.Append("</ul>");
            }

            body.Append("</section>");
        }

        if (journal.Current is { } current)
        {
            body.Append("<h2>Conversation after step ").Append(current.StepIndex).Append("</h2>").Append(RunConversation.Render(current.State));
        }

        return body.ToString();
    }

    private static string RollbackForm(HttpContext context, RunDetail run, IAntiforgery antiforgery)
    {
        var journal = run.Journal;
        if (!context.User.IsInRole(ConsoleRoles.Operator) || (!journal.IsFinished && journal.Head?.Status != CheckpointStatus.Failed))
        {
            return string.Empty;
        }

        var options = new StringBuilder("<option value=\"last-good\">its last good step</option>");
        foreach (var step in journal.Chain().Where(s => s.StepName != StepNames.Finish))
        {
            options.Append("<option value=\"").Append(step.StepIndex).Append("\">step ").Append(step.StepIndex).Append(' ').Append(Html.E(step.StepName)).Append("</option>");
        }

        return $"<h2>Roll back</h2><form method=\"post\" action=\"/runs/{Uri.EscapeDataString(journal.RunId)}/rollback\">{ConsoleForms.AntiforgeryField(context, antiforgery)}" +
            $"<label for=\"to\">Roll back to</label><select id=\"to\" name=\"to\">{options}</select>" +
            "<label for=\"rollback-reason\">Reason</label><input id=\"rollback-reason\" name=\"reason\" maxlength=\"500\">" +
            "<p>Later steps are undone (their actions compensated where a tool can) and the run goes on from there.</p><button type=\"submit\">Roll back</button></form>";
    }

    private static string Outcome(LedgerEntry? entry) => entry switch
    {
        null => "<span>not executed yet</span>",
        { State: LedgerStates.Applied } => $"<span class=\"ok\">applied</span> {Html.E(entry.ExternalId)}{(entry.Link is { } link && IsWeb(link) ? $" <a href=\"{Html.E(link)}\">{Html.E(link)}</a>" : string.Empty)}",
        { State: LedgerStates.Started } => "started (the executor is applying it or will reconcile it)",
        _ => $"{Html.E(entry.State)}{(entry.Retryable ? " (retryable)" : string.Empty)}: {Html.E(entry.Reason)}",
    };

    // An executor's link comes from the target's API; only a web address becomes a link (never javascript: or data:).
    private static bool IsWeb(string link) => Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";


    private static string Pretty(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Cut(JsonSerializer.Serialize(document.RootElement, RunConversation.Indented));
        }
        catch (JsonException)
        {
            return Cut(Encoding.UTF8.GetString(json.Span));
        }
    }

    private static string Cut(string text) => text.Length <= MaxShownJson ? text : $"{text[..MaxShownJson]}… ({text.Length} characters in all)";
}

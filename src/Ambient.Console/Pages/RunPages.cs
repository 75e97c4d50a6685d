using System.Globalization;
using System.Text;
using Ambient.Abstractions.Checkpoints;
using Ambient.Supervisor.Runs;

namespace Ambient.Supervisor.Pages;

/// <summary>The run list (<c>/runs</c>, filterable by agent and status, live).</summary>
internal static class RunPages
{
    private const int MaxRows = 200;

    public static void MapRunPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/runs", (RunBoard board, string? agent, string? status) => Html.Page("Runs", List(board.Runs(Blank(agent), Blank(status)), agent, status)));
        endpoints.MapGet("/runs/stream", (HttpContext context, RunBoard board, string? agent, string? status) => RunStream.ServeAsync(context, board, agent, status));
    }

    private static string List(IReadOnlyList<RunHead> runs, string? agent, string? status)
    {
        var body = new StringBuilder("<form method=\"get\" action=\"/runs\" aria-label=\"Filter runs\">");
        body.Append("<label for=\"agent\">Agent</label><input id=\"agent\" name=\"agent\" value=\"").Append(Html.E(agent)).Append("\">");
        body.Append("<label for=\"status\">Status</label><input id=\"status\" name=\"status\" value=\"").Append(Html.E(status)).Append("\">");
        body.Append(" <button type=\"submit\">Filter</button></form>");
        body.Append("<table id=\"runs\"><caption>").Append(runs.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs, newest first")
            .Append(runs.Count > MaxRows ? $" (the first {MaxRows})" : string.Empty).Append("</caption><thead><tr>");
        foreach (var column in new[] { "Run", "Agent", "Status", "Step", "Updated", "Event" })
        {
            body.Append("<th scope=\"col\">").Append(column).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var run in runs.Take(MaxRows))
        {
            body.Append("<tr data-run=\"").Append(Html.E(run.RunId)).Append("\"><td><a href=\"/runs/").Append(Uri.EscapeDataString(run.RunId)).Append("\">").Append(Html.E(run.RunId)).Append("</a></td><td>").Append(Html.E(run.Agent))
                .Append("</td><td>").Append(Html.E(run.Outcome is { } outcome ? $"{run.Status} ({outcome})" : run.Status))
                .Append("</td><td>").Append(run.HeadStep.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Html.E(run.HeadStepName))
                .Append("</td><td>").Append(Html.Time(run.UpdatedAt)).Append("</td><td>").Append(Html.E(run.Input.EventType)).Append("</td></tr>");
        }

        return body.Append("</tbody></table>").Append(LiveScript).ToString();
    }

    // Applies /runs/stream to the table without a reload: rows are built with textContent (nothing the server sends is
    // parsed as HTML); a new run goes on top; a removed one goes. The browser reconnects on its own after a drop.
    private const string LiveScript = """
        <p id="live" role="status" aria-live="polite">Connecting to live updates…</p>
        <script>
        (() => {
          const table = document.querySelector('#runs tbody');
          const live = document.getElementById('live');
          const source = new EventSource('/runs/stream' + location.search);
          source.onopen = () => { live.textContent = 'Live: new runs appear as they happen.'; };
          source.onerror = () => { live.textContent = 'Live updates interrupted; reconnecting…'; };
          source.addEventListener('run', message => {
            const run = JSON.parse(message.data);
            const existing = [...table.rows].find(row => row.dataset.run === run.runId);
            if (run.removed) { existing?.remove(); return; }
            const row = document.createElement('tr');
            row.dataset.run = run.runId;
            const link = document.createElement('a');
            link.href = '/runs/' + encodeURIComponent(run.runId); link.textContent = run.runId;
            row.insertCell().append(link);
            for (const value of [run.agent, run.status, run.step]) {
              const cell = row.insertCell(); cell.textContent = value;
            }
            const time = document.createElement('time');
            time.dateTime = run.updatedAt; time.textContent = run.updated;
            row.insertCell().append(time);
            row.insertCell().textContent = run.eventType;
            if (existing) { existing.replaceWith(row); } else { table.prepend(row); }
          });
        })();
        </script>
        """;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

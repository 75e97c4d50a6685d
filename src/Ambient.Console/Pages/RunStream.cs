using System.Globalization;
using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Supervisor.Runs;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/runs/stream</c>: the run list's changes as server-sent events (<c>event: run</c>, one JSON row each; <c>removed</c>
/// when a run's tombstone came), filtered as the page is. The page's script applies them without a reload. At most
/// <see cref="RunBoard.MaxWatches"/> streams at once (503 beyond); a comment every 15 s keeps proxies from closing it.
/// </summary>
internal static class RunStream
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    public static async Task ServeAsync(HttpContext context, RunBoard board, string? agent, string? status)
    {
        using var watch = board.Watch();
        if (watch is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"{RunBoard.MaxWatches} live pages are open already; try again later.", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": watching\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                wait.CancelAfter(s_keepAlive);
                string message;
                try
                {
                    var change = await watch.Changes.ReadAsync(wait.Token);
                    // A run outside the page's filter (or one whose status just took it out) is sent as gone: the page drops it if shown.
                    var shown = change.Head is { } head && Matches(head, agent, status) ? change.Head : null;
                    message = $"event: run\ndata: {Row(change.RunId, shown)}\n\n";
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    message = ": keep-alive\n\n";
                }

                await context.Response.WriteAsync(message, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page closed.
        }
    }

    private static bool Matches(RunHead head, string? agent, string? status) =>
        (string.IsNullOrWhiteSpace(agent) || head.Agent == agent.Trim()) && (string.IsNullOrWhiteSpace(status) || head.Status == status.Trim());

    private static string Row(string runId, RunHead? shown) => shown is not { } head
        ? JsonSerializer.Serialize(new { runId, removed = true })
        : JsonSerializer.Serialize(new
        {
            runId = head.RunId,
            agent = head.Agent,
            status = head.Outcome is { } outcome ? $"{head.Status} ({outcome})" : head.Status,
            step = $"{head.HeadStep.ToString(CultureInfo.InvariantCulture)} {head.HeadStepName}",
            updated = head.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
            updatedAt = head.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            eventType = head.Input.EventType,
            removed = false,
        });
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Hosting.Health;

/// <summary>
/// Short plain-text answers a person reading <c>kubectl describe pod</c> or a curl can act on: "ok", "ready", or
/// "not ready: &lt;check&gt;: &lt;why&gt;" for each failing check.
/// </summary>
internal static class HealthResponses
{
    public static Task WriteLiveAsync(HttpContext context, HealthReport report) => WriteAsync(context, "ok");

    public static Task WriteReadyAsync(HttpContext context, HealthReport report) => WriteAsync(context, report.Status == HealthStatus.Unhealthy
        ? "not ready: " + string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {Reason(e.Value)}"))
        : "ready");

    private static string Reason(HealthReportEntry entry) => entry.Description ?? entry.Exception?.Message ?? "unhealthy";

    private static Task WriteAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }
}

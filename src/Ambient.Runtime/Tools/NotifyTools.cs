using System.ComponentModel;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>notify</c> plugin: proposes emails and incident reports (nothing is sent).</summary>
internal sealed class NotifyTools
{
    [KernelFunction("send_email"), Description("Propose an email.")]
    public static async Task<string> SendEmailAsync(Kernel kernel,
        [Description("recipients")] string[] to,
        [Description("subject line")] string subject,
        [Description("body, Markdown")] string body,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Email, "send_email", new JsonObject
        {
            ["to"] = new JsonArray([.. to.Select(r => JsonValue.Create(r))]),
            ["subject"] = subject,
            ["body"] = body,
        }, cancellationToken);
        return $"Proposed action {action.Id}: email '{subject}' to {string.Join(", ", to)}.";
    }

    [KernelFunction("incident_report"), Description("Propose an incident report to the on-call team.")]
    public static async Task<string> IncidentReportAsync(Kernel kernel,
        [Description("short title")] string title,
        [Description("critical, warning or info")] string severity,
        [Description("the most likely cause")] string cause,
        [Description("who and what is affected")] string impact,
        [Description("resolution steps, in order")] string[] resolution,
        [Description("how to prevent it next time")] string[] prevention,
        CancellationToken cancellationToken)
    {
        var action = await RunScope.From(kernel).ProposeAsync(ActionTargets.Email, "incident_report", new JsonObject
        {
            ["title"] = title,
            ["severity"] = severity,
            ["cause"] = cause,
            ["impact"] = impact,
            ["resolution"] = new JsonArray([.. resolution.Select(r => JsonValue.Create(r))]),
            ["prevention"] = new JsonArray([.. prevention.Select(p => JsonValue.Create(p))]),
        }, cancellationToken);
        return $"Proposed action {action.Id}: incident report '{title}' ({severity}).";
    }
}

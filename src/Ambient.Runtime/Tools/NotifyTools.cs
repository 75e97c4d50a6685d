using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Tools;
using static Ambient.Abstractions.Tools.ToolParameter;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>notify</c> effect tools: emails and incident reports, proposed (nothing is sent here).</summary>
internal static class NotifyTools
{
    public static IReadOnlyList<IAmbientTool> All { get; } =
    [
        ProposingTool.Create("notify.send_email", "Propose an email.", ActionTargets.Email,
            [OfStrings("to", "recipients"), OfString("subject", "subject line"), OfString("body", "body, Markdown")],
            a => (new JsonObject { ["to"] = ProposingTool.Array(a.GetStrings("to")), ["subject"] = a.GetString("subject"), ["body"] = a.GetString("body") },
                $"email '{a.GetString("subject")}' to {string.Join(", ", a.GetStrings("to"))}")),
        ProposingTool.Create("notify.incident_report", "Propose an incident report to the on-call team.", ActionTargets.Email,
            [OfString("title", "short title"), OfString("severity", "critical, warning or info"), OfString("cause", "the most likely cause"),
                OfString("impact", "who and what is affected"), OfStrings("resolution", "resolution steps, in order"), OfStrings("prevention", "how to prevent it next time")],
            a => (new JsonObject
            {
                ["title"] = a.GetString("title"),
                ["severity"] = a.GetString("severity"),
                ["cause"] = a.GetString("cause"),
                ["impact"] = a.GetString("impact"),
                ["resolution"] = ProposingTool.Array(a.GetStrings("resolution")),
                ["prevention"] = ProposingTool.Array(a.GetStrings("prevention")),
            }, $"incident report '{a.GetString("title")}' ({a.GetString("severity")})")),
    ];
}

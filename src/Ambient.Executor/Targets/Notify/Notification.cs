using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// An <c>email</c> action read into what every sink needs: a title, a Markdown body, a Slack mrkdwn text and the
/// webhook's JSON. The argument names are those <c>NotifyTools</c> gives them.
/// </summary>
/// <param name="Title">The GitHub issue title: the subject, or <c>[severity] title</c>.</param>
/// <param name="Markdown">The GitHub issue body, without the marker.</param>
/// <param name="SlackText">The Slack message, mrkdwn with the agent's text escaped.</param>
/// <param name="Scope">What the action is scoped by: the first recipient's domain, or <c>incident</c>.</param>
/// <param name="Gist">The notification in a few words, for <see cref="IActionTarget.Describe"/>.</param>
internal sealed record Notification(string Title, string Markdown, string SlackText, string Scope, string Gist)
{
    public const string SendEmail = "send_email";
    public const string IncidentReport = "incident_report";

    /// <summary>The scope of every incident report: they go to the on-call team, not to addressed recipients.</summary>
    public const string IncidentScope = "incident";

    /// <exception cref="ActionFormatException">The operation is unknown or the arguments are malformed.</exception>
    public static Notification For(ActionRecord action)
    {
        if (action.Arguments.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(action, $"the arguments are {action.Arguments.ValueKind}, not an object");
        }

        return action.Operation switch
        {
            SendEmail => Email(action),
            IncidentReport => Incident(action),
            _ => throw Malformed(action, $"unknown operation; the email target knows {SendEmail}, {IncidentReport}"),
        };
    }

    /// <summary>What a webhook is sent: <c>{actionId, agent, runId, operation, ...arguments}</c>.</summary>
    public static JsonObject WebhookPayload(ActionRecord action)
    {
        var payload = new JsonObject { ["actionId"] = action.Id, ["agent"] = action.Agent, ["runId"] = action.RunId, ["operation"] = action.Operation };
        foreach (var argument in action.Arguments.EnumerateObject().Where(argument => !payload.ContainsKey(argument.Name)))
        {
            payload[argument.Name] = JsonNode.Parse(argument.Value.GetRawText());
        }

        return payload;
    }

    public static ActionFormatException Malformed(ActionRecord action, string problem) =>
        new($"email action {action.Id} ({action.Operation}): {problem}");

    private static Notification Email(ActionRecord action)
    {
        var to = Strings(action, "to");
        if (to.Count == 0)
        {
            throw Malformed(action, "'to' names no recipient");
        }

        var domain = to[0].LastIndexOf('@') is var at and > 0 && at < to[0].Length - 1
            ? to[0][(at + 1)..].ToLowerInvariant()
            : throw Malformed(action, $"'to' starts with '{to[0]}', not an address such as oncall@example.com");
        var subject = NonEmpty(action, "subject");
        var body = Text(action, "body");
        var recipients = string.Join(", ", to);
        return new(
            subject,
            $"**To:** {recipients}\n\n{body}",
            $"*{Slack(subject)}*\n_To: {Slack(recipients)}_\n\n{Slack(body)}",
            domain,
            $"{SendEmail} '{subject}' (to {recipients})");
    }

    private static Notification Incident(ActionRecord action)
    {
        var title = NonEmpty(action, "title");
        var severity = NonEmpty(action, "severity");
        var cause = Text(action, "cause");
        var impact = Text(action, "impact");
        var resolution = Strings(action, "resolution");
        var prevention = Strings(action, "prevention");

        var markdown = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"## Incident: {title}\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Severity:** {severity}\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Cause:** {cause}\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Impact:** {impact}\n\n")
            .Append("### Resolution\n\n").Append(Numbered(resolution, text => text)).Append('\n')
            .Append("### Prevention\n\n").Append(Bulleted(prevention, "- ", text => text));
        var slack = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $":rotating_light: *Incident: {Slack(title)}*\n")
            .Append(CultureInfo.InvariantCulture, $"*Severity:* {Slack(severity)}\n")
            .Append(CultureInfo.InvariantCulture, $"*Cause:* {Slack(cause)}\n")
            .Append(CultureInfo.InvariantCulture, $"*Impact:* {Slack(impact)}\n")
            .Append("*Resolution:*\n").Append(Numbered(resolution, Slack))
            .Append("*Prevention:*\n").Append(Bulleted(prevention, "• ", Slack));
        return new($"[{severity}] {title}", markdown.ToString().TrimEnd(), slack.ToString().TrimEnd(), IncidentScope, $"{IncidentReport} '{title}' ({severity})");
    }

    private static string Numbered(List<string> items, Func<string, string> text) =>
        items.Count == 0 ? "_none given_\n" : string.Concat(items.Select((item, index) => string.Create(CultureInfo.InvariantCulture, $"{index + 1}. {text(item)}\n")));

    private static string Bulleted(List<string> items, string bullet, Func<string, string> text) =>
        items.Count == 0 ? "_none given_\n" : string.Concat(items.Select(item => $"{bullet}{text(item)}\n"));

    // Slack reads &, < and > as control characters (<!channel>, <@U123>, links): the agent's text must not ping or link.
    private static string Slack(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string NonEmpty(ActionRecord action, string name) =>
        Text(action, name) is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : throw Malformed(action, $"'{name}' is empty");

    private static string Text(ActionRecord action, string name) =>
        action.Arguments.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Malformed(action, $"'{name}' is {value.ValueKind}, not a string")
            : throw Malformed(action, $"'{name}' is missing");

    private static List<string> Strings(ActionRecord action, string name)
    {
        if (!action.Arguments.TryGetProperty(name, out var value))
        {
            throw Malformed(action, $"'{name}' is missing");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(action, $"'{name}' is {value.ValueKind}, not an array of strings");
        }

        return [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw Malformed(action, $"'{name}' holds a {item.ValueKind}, not only strings"))];
    }
}

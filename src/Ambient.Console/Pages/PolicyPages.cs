using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Supervisor.Agents;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// <c>/policies</c>: the policy set in force on the governance topic (its version, each policy's rules and text), the
/// versions this console has seen come into force, and the explainer: the decision the set makes for one tool call, as
/// <c>ambient policy test</c> gives it, with why each rule matched or did not. Explaining changes nothing, so it is a GET.
/// </summary>
internal static class PolicyPages
{
    /// <summary>The most JSON the explainer takes for a call's arguments.</summary>
    public const int MaxArgumentsLength = 16 * 1024;

    public static void MapPolicyPages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/policies", (HttpContext context, GovernanceView governance, PolicyHistory history, AgentCardBoard cards) =>
        {
            var query = context.Request.Query;
            var policies = governance.State.Current.Policies;
            var explained = query.ContainsKey("tool") ? Explain(policies, query) : null;
            return Html.Page("Policies", InForce(policies, history) + Explainer(query, cards, explained), status: explained?.Status ?? StatusCodes.Status200OK);
        });

    private static string InForce(PolicySet policies, PolicyHistory history)
    {
        var body = new StringBuilder("<p>Policy set version <code id=\"policy-version\">").Append(Html.E(policies.Version)).Append("</code>: ")
            .Append(policies.Documents.Count.ToString(CultureInfo.InvariantCulture)).Append(" policies in force, evaluated in this order; across them the most restrictive decision wins.</p>");
        foreach (var policy in policies.Documents)
        {
            body.Append("<section data-policy=\"").Append(Html.E(policy.Name)).Append("\"><h2>").Append(Html.E(policy.Name)).Append("</h2><p>").Append(Html.E(policy.Description))
                .Append(" Default <strong>").Append(policy.Default.ToText()).Append("</strong>; from <code>").Append(Html.E(policy.SourceFile)).Append("</code>.</p>")
                .Append("<table><caption>Rules of ").Append(Html.E(policy.Name)).Append(", tried in order</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Decision</th>")
                .Append("<th scope=\"col\">Reason</th><th scope=\"col\">Approvers</th></tr></thead><tbody>");
            foreach (var rule in policy.Rules)
            {
                body.Append("<tr><th scope=\"row\">").Append(Html.E(rule.Name)).Append("</th><td>").Append(rule.Verdict.ToText()).Append("</td><td>").Append(Html.E(rule.Reason))
                    .Append("</td><td>").Append(Html.E(string.Join(", ", rule.Approvers))).Append("</td></tr>");
            }

            body.Append("</tbody></table><details><summary>Its text</summary><pre>").Append(Html.E(policy.Text)).Append("</pre></details></section>");
        }

        body.Append("<h2>Versions</h2><table id=\"policy-versions\"><caption>Policy set versions in force since this console started, newest first</caption><thead><tr>")
            .Append("<th scope=\"col\">Version</th><th scope=\"col\">In force from</th><th scope=\"col\">Policies</th></tr></thead><tbody>");
        foreach (var version in history.Versions)
        {
            body.Append("<tr><td><code>").Append(Html.E(version.Version)).Append("</code></td><td>").Append(Html.Time(version.Since)).Append("</td><td>")
                .Append(Html.E(string.Join(", ", version.Policies))).Append("</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

    private static string Explainer(IQueryCollection query, AgentCardBoard cards, Explanation? explained)
    {
        string Field(string name) => Html.E(query[name].ToString());
        var body = new StringBuilder("<h2 id=\"explain\">Explain a decision</h2><form method=\"get\" action=\"/policies#explain\" aria-label=\"Explain a decision\">");
        body.Append("<label for=\"x-agent\">Agent</label><input id=\"x-agent\" name=\"agent\" list=\"known-agents\" required value=\"").Append(Field("agent")).Append("\">")
            .Append("<datalist id=\"known-agents\">").Append(string.Concat(cards.Agents.Keys.Order(StringComparer.Ordinal).Select(a => $"<option value=\"{Html.E(a)}\">"))).Append("</datalist>")
            .Append("<label for=\"x-tool\">Tool (plugin.function)</label><input id=\"x-tool\" name=\"tool\" required value=\"").Append(Field("tool")).Append("\">")
            .Append("<label for=\"x-arguments\">Arguments (JSON)</label><textarea id=\"x-arguments\" name=\"arguments\" rows=\"4\" cols=\"60\">").Append(Field("arguments")).Append("</textarea>")
            .Append("<label for=\"x-event\">Event type (optional)</label><input id=\"x-event\" name=\"eventType\" value=\"").Append(Field("eventType")).Append("\">")
            .Append("<label for=\"x-ingress\">Ingress (optional)</label><input id=\"x-ingress\" name=\"ingress\" value=\"").Append(Field("ingress")).Append("\">")
            .Append("<label for=\"x-confidence\">Stated confidence, 0 to 1 (optional)</label><input id=\"x-confidence\" name=\"confidence\" inputmode=\"decimal\" value=\"").Append(Field("confidence")).Append("\">")
            .Append(" <button type=\"submit\">Explain</button></form>");
        if (explained is not null)
        {
            body.Append("<div id=\"decision\" role=\"status\">").Append(explained.Html).Append("</div>");
        }

        return body.ToString();
    }

    private static Explanation Explain(PolicySet policies, IQueryCollection query)
    {
        var (agent, tool, arguments) = (query["agent"].ToString().Trim(), query["tool"].ToString().Trim(), query["arguments"].ToString());
        if (agent.Length is 0 or > 100 || tool.Length is 0 or > 200)
        {
            return Explanation.Refused("Give an agent and a tool (plugin.function).");
        }

        if (arguments.Length > MaxArgumentsLength)
        {
            return Explanation.Refused($"The arguments are at most {MaxArgumentsLength} characters of JSON.");
        }

        JsonElement parsed;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            parsed = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Explanation.Refused($"The arguments are not JSON: {ex.Message}");
        }

        double? confidence = null;
        if (query["confidence"].ToString() is { Length: > 0 } stated)
        {
            if (!double.TryParse(stated, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
            {
                return Explanation.Refused("A stated confidence is a number from 0 to 1.");
            }

            confidence = value;
        }

        var decision = policies.Evaluate(new PolicyInput(agent, tool, null, parsed, ConsoleForms.Blank(query["eventType"]), ConsoleForms.Blank(query["ingress"]), confidence,
            TimeProvider.System.GetUtcNow()));
        var html = new StringBuilder("<p><strong>").Append(decision.Verdict.ToText()).Append("</strong>: ").Append(Html.E(decision.Reason)).Append("</p>");
        if (decision.Verdict == PolicyVerdict.Approve)
        {
            html.Append("<p>Approvers ").Append(Html.E(string.Join(", ", decision.Approvers))).Append("; expires in ").Append(Html.E(decision.ExpiresIn?.ToString()))
                .Append(", then ").Append((decision.OnExpiry ?? PolicyVerdict.Deny).ToText()).Append(".</p>");
        }

        html.Append("<p>Evaluated against policy set <code>").Append(Html.E(policies.Version)).Append("</code>:</p><ul>")
            .Append(string.Concat(decision.Explanation.Select(line => $"<li>{Html.E(line)}</li>"))).Append("</ul>");
        return new Explanation(html.ToString(), StatusCodes.Status200OK);
    }

    private sealed record Explanation(string Html, int Status)
    {
        public static Explanation Refused(string problem) => new($"<p class=\"error\" role=\"alert\">{Pages.Html.E(problem)}</p>", StatusCodes.Status400BadRequest);
    }
}

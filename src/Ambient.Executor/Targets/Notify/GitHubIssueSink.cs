using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets.GitHub;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// Opens an issue with the notification (POST /repos/{owner}/{name}/issues) with <c>Ambient:Executors:GitHub:BaseUrl</c>
/// and <c>Token</c>; its body ends with <see cref="ActionMarkers.GitHubComment"/>, which <see cref="FindAsync"/> looks
/// for among the 50 issues created most recently since the action was proposed.
/// </summary>
internal sealed class GitHubIssueSink(NotifyHttp http, GitHubTargetOptions github, GitHubRepositoryName repository) : INotifySink
{
    private const int IssuesLookedAt = 50;

    public string Label => $"{NotifySinkOptions.GitHubIssueKind} {repository}";

    public bool Searchable => true;

    public async Task<TargetOutcome> DeliverAsync(ActionRecord action, Notification notification, CancellationToken cancellationToken)
    {
        if (Request(HttpMethod.Post, "", out var request) is { } noToken)
        {
            return noToken;
        }

        var issue = new JsonObject { ["title"] = notification.Title, ["body"] = $"{notification.Markdown}\n\n{ActionMarkers.GitHubComment(action.Id)}" };
        request.Content = new StringContent(issue.ToJsonString(), Encoding.UTF8, "application/json");
        var answer = await http.SendAsync(Label, request, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return problem;
        }

        return Issue(Parse(answer.Body)) is var (number, link)
            ? TargetOutcome.Applied($"github:{number}", link)
            : TargetOutcome.Applied("github:?"); // Opened, though the answer did not say which number it got.
    }

    public async Task<TargetOutcome?> FindAsync(ActionRecord action, CancellationToken cancellationToken)
    {
        // "since" is by update, and an issue opened for the action was updated after it was proposed; the minute absorbs clock skew.
        var since = action.CreatedAt.AddMinutes(-1).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var query = string.Create(CultureInfo.InvariantCulture, $"?state=all&sort=created&direction=desc&per_page={IssuesLookedAt}&since={since}");
        if (Request(HttpMethod.Get, query, out var request) is { } noToken)
        {
            return noToken;
        }

        var answer = await http.SendAsync(Label, request, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return problem;
        }

        var marker = ActionMarkers.GitHubComment(action.Id);
        var issues = Parse(answer.Body);
        if (issues.ValueKind != JsonValueKind.Array)
        {
            return TargetOutcome.Failed($"{Label}: the issue list is not a JSON array");
        }

        foreach (var issue in issues.EnumerateArray())
        {
            if (issue.ValueKind == JsonValueKind.Object && issue.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String
                && body.GetString()!.Contains(marker, StringComparison.Ordinal) && Issue(issue) is var (number, link))
            {
                return TargetOutcome.Applied($"github:{number}", link);
            }
        }

        return null;
    }

    // The request with GitHub's headers, or why there can be none.
    private TargetOutcome? Request(HttpMethod method, string query, out HttpRequestMessage request)
    {
        request = null!;
        if (string.IsNullOrWhiteSpace(github.Token))
        {
            return TargetOutcome.Failed($"{Label}: no token; set {GitHubTargetOptions.SectionName}:Token");
        }

        var root = github.BaseUrl.AbsoluteUri.EndsWith('/') ? github.BaseUrl : new Uri(github.BaseUrl.AbsoluteUri + "/");
        request = new HttpRequestMessage(method, new Uri(root, $"repos/{repository}/issues{query}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", github.Token);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Ambient", null));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        return null;
    }

    private static (long Number, string? Link)? Issue(JsonElement issue) =>
        issue.ValueKind == JsonValueKind.Object && issue.TryGetProperty("number", out var number) && number.TryGetInt64(out var value)
            ? (value, issue.TryGetProperty("html_url", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null)
            : null;

    private static JsonElement Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ambient.Bench.Runtime;

/// <summary>
/// An <c>issues.opened</c> webhook body with the shape and size of a real one (GitHub sends the issue, the full
/// repository object with its API URL templates, and the sender: about 10 KiB), generated for a repository
/// and issue number. Every title matches github-triage's <c>documentation-fix</c> rule, its heaviest path:
/// three tool calls, so three actions and one audit record per event.
/// </summary>
internal static class GitHubIssuePayload
{
    private static readonly string[] s_titles =
    [
        "Typo in the README: 'recieve' should be 'receive'",
        "Docs: the configuration page lists a removed option",
        "Spelling mistakes in the getting started guide",
        "README install command is out of date",
        "Documentation for retries contradicts the code",
    ];

    // The repository's API URL templates, as GitHub lists them: <name>_url = <api>/<path>.
    private static readonly (string Name, string Path)[] s_repositoryUrls =
    [
        ("forks", "forks"), ("keys", "keys{/key_id}"), ("collaborators", "collaborators{/collaborator}"), ("teams", "teams"),
        ("hooks", "hooks"), ("issue_events", "issues/events{/number}"), ("events", "events"), ("assignees", "assignees{/user}"),
        ("branches", "branches{/branch}"), ("tags", "tags"), ("blobs", "git/blobs{/sha}"), ("git_tags", "git/tags{/sha}"),
        ("git_refs", "git/refs{/sha}"), ("trees", "git/trees{/sha}"), ("statuses", "statuses/{sha}"), ("languages", "languages"),
        ("stargazers", "stargazers"), ("contributors", "contributors"), ("subscribers", "subscribers"), ("subscription", "subscription"),
        ("commits", "commits{/sha}"), ("git_commits", "git/commits{/sha}"), ("comments", "comments{/number}"),
        ("issue_comment", "issues/comments{/number}"), ("contents", "contents/{+path}"), ("compare", "compare/{base}...{head}"),
        ("merges", "merges"), ("archive", "{archive_format}{/ref}"), ("downloads", "downloads"), ("issues", "issues{/number}"),
        ("pulls", "pulls{/number}"), ("milestones", "milestones{/number}"), ("notifications", "notifications{?since,all,participating}"),
        ("labels", "labels{/name}"), ("releases", "releases{/id}"), ("deployments", "deployments"),
    ];

    public static byte[] Create(string owner, int repositoryIndex, int number)
    {
        var repository = $"service-{repositoryIndex:D3}";
        var fullName = $"{owner}/{repository}";
        var api = $"https://api.github.com/repos/{fullName}";
        var author = $"contributor-{number % 997}";
        var opened = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddSeconds(number);
        var issue = new JsonObject
        {
            ["url"] = $"{api}/issues/{number}",
            ["repository_url"] = api,
            ["labels_url"] = $"{api}/issues/{number}/labels{{/name}}",
            ["comments_url"] = $"{api}/issues/{number}/comments",
            ["events_url"] = $"{api}/issues/{number}/events",
            ["html_url"] = $"https://github.com/{fullName}/issues/{number}",
            ["id"] = 3_000_000_000L + number,
            ["node_id"] = $"I_kwDOBench{number:D8}",
            ["number"] = number,
            ["title"] = s_titles[number % s_titles.Length],
            ["user"] = User(author, 90_000_000 + (number % 997)),
            ["labels"] = new JsonArray(),
            ["state"] = "open",
            ["locked"] = false,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["milestone"] = null,
            ["comments"] = 0,
            ["created_at"] = Time(opened),
            ["updated_at"] = Time(opened),
            ["closed_at"] = null,
            ["author_association"] = "CONTRIBUTOR",
            ["active_lock_reason"] = null,
            ["body"] = $"The section \"Getting started\" says 'recieve events' where it means 'receive events', and the example below it still uses the option that was removed in the last release.\n\nSteps: open https://github.com/{fullName}/blob/main/README.md and search for 'recieve'.\n\nExpected: the corrected word and an example that runs as written.",
            ["reactions"] = Reactions($"{api}/issues/{number}/reactions"),
            ["timeline_url"] = $"{api}/issues/{number}/timeline",
            ["state_reason"] = null,
        };

        var payload = new JsonObject
        {
            ["action"] = "opened",
            ["issue"] = issue,
            ["repository"] = Repository(owner, repository, repositoryIndex, number),
            ["sender"] = User(author, 90_000_000 + (number % 997)),
        };
        return JsonSerializer.SerializeToUtf8Bytes(payload);
    }

    private static JsonObject Repository(string owner, string repository, int repositoryIndex, int number)
    {
        var fullName = $"{owner}/{repository}";
        var api = $"https://api.github.com/repos/{fullName}";
        var result = new JsonObject
        {
            ["id"] = 700_000_000 + repositoryIndex,
            ["node_id"] = $"R_kgDOBench{repository}",
            ["name"] = repository,
            ["full_name"] = fullName,
            ["private"] = false,
            ["owner"] = User(owner, 80_000_000, "Organization"),
            ["html_url"] = $"https://github.com/{fullName}",
            ["description"] = "An example service whose issues the bench triages.",
            ["fork"] = false,
            ["url"] = api,
        };
        foreach (var (name, path) in s_repositoryUrls)
        {
            result[$"{name}_url"] = $"{api}/{path}";
        }

        result["created_at"] = "2024-03-01T10:00:00Z";
        result["updated_at"] = Time(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        result["pushed_at"] = Time(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        result["git_url"] = $"git://github.com/{fullName}.git";
        result["ssh_url"] = $"git@github.com:{fullName}.git";
        result["clone_url"] = $"https://github.com/{fullName}.git";
        result["svn_url"] = $"https://github.com/{fullName}";
        result["homepage"] = $"https://{repository}.example.com";
        result["size"] = 4_096;
        result["stargazers_count"] = 120 + (number % 50);
        result["watchers_count"] = 120 + (number % 50);
        result["language"] = "C#";
        result["has_issues"] = true;
        result["has_projects"] = true;
        result["has_downloads"] = true;
        result["has_wiki"] = false;
        result["has_pages"] = false;
        result["forks_count"] = 14;
        result["mirror_url"] = null;
        result["archived"] = false;
        result["disabled"] = false;
        result["open_issues_count"] = 30 + (number % 100);
        result["license"] = new JsonObject { ["key"] = "mit", ["name"] = "MIT License", ["spdx_id"] = "MIT", ["url"] = "https://api.github.com/licenses/mit", ["node_id"] = "MDc6TGljZW5zZTEz" };
        result["forks"] = 14;
        result["open_issues"] = 30 + (number % 100);
        result["watchers"] = 120 + (number % 50);
        result["default_branch"] = "main";
        result["is_template"] = false;
        result["topics"] = new JsonArray("kafka", "agents", "dotnet");
        result["visibility"] = "public";
        result["web_commit_signoff_required"] = false;
        result["custom_properties"] = new JsonObject();
        return result;
    }

    private static JsonObject User(string login, long id, string type = "User")
    {
        var api = $"https://api.github.com/users/{login}";
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = $"U_kgDOBench{id}",
            ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{id}?v=4",
            ["gravatar_id"] = "",
            ["url"] = api,
            ["html_url"] = $"https://github.com/{login}",
            ["followers_url"] = $"{api}/followers",
            ["following_url"] = $"{api}/following{{/other_user}}",
            ["gists_url"] = $"{api}/gists{{/gist_id}}",
            ["starred_url"] = $"{api}/starred{{/owner}}{{/repo}}",
            ["subscriptions_url"] = $"{api}/subscriptions",
            ["organizations_url"] = $"{api}/orgs",
            ["repos_url"] = $"{api}/repos",
            ["events_url"] = $"{api}/events{{/privacy}}",
            ["received_events_url"] = $"{api}/received_events",
            ["type"] = type,
            ["user_view_type"] = "public",
            ["site_admin"] = false,
        };
    }

    private static JsonObject Reactions(string url) => new()
    {
        ["url"] = url,
        ["total_count"] = 0,
        ["+1"] = 0,
        ["-1"] = 0,
        ["laugh"] = 0,
        ["hooray"] = 0,
        ["confused"] = 0,
        ["heart"] = 0,
        ["rocket"] = 0,
        ["eyes"] = 0,
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

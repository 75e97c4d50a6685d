using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Testing;

namespace Ambient.Tools.Tests;

public sealed class GitHubToolsTests : IDisposable
{
    private const string IssuePath = "/repos/Codertocat/Hello-World/issues/1";
    private const string Token = "ghp_test_token_123";

    private readonly FakeGitHub _github = new();
    private readonly ReadTools _tools;

    public GitHubToolsTests()
    {
        _tools = new ReadTools(("Ambient:Tools:GitHub:BaseUrl", _github.Url), ("Ambient:Tools:GitHub:Token", Token));
    }

    [Fact]
    public async Task GetIssue_ExistingIssue_ReturnsItsSummaryAndSendsTheToken()
    {
        _github.Get(IssuePath, 200, FakeGitHub.Issue(1, "Spelling error in the README file"));

        var result = await _tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = JsonNode.Parse(result.Text)!;
        Assert.Equal("Spelling error in the README file", (string?)json["title"]);
        Assert.Equal("open", (string?)json["state"]);
        Assert.Equal("bug", (string?)json["labels"]![0]);
        Assert.Equal("Codertocat", (string?)json["author"]);
        Assert.Equal("It looks like you accidently spelled 'commit' with two 't's.", (string?)json["body"]);
        Assert.Equal(0, (int)json["comments"]!);
        Assert.Equal("https://github.com/Codertocat/Hello-World/issues/1", (string?)json["htmlUrl"]);
        Assert.StartsWith("2019-05-15T15:20:18", (string?)json["createdAt"], StringComparison.Ordinal);
        var request = Assert.Single(_github.Requests);
        Assert.Equal($"Bearer {Token}", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task GetIssue_LongBody_IsCappedWithAMarker()
    {
        _github.Get(IssuePath, 200, FakeGitHub.Issue(1, "Long", body: new string('x', 10_000)));

        var result = await _tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        var body = (string)JsonNode.Parse(result.Text)!["body"]!;
        Assert.StartsWith(new string('x', 4000) + "\n[... truncated: 6000 more characters]", body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 4001), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIssue_WithoutToken_SendsNoAuthorization()
    {
        using var anonymous = new ReadTools(("Ambient:Tools:GitHub:BaseUrl", _github.Url));
        _github.Get(IssuePath, 200, FakeGitHub.Issue(1, "Spelling error in the README file"));

        var result = await anonymous.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        Assert.False(Assert.Single(_github.Requests).Headers!.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(404, "Not Found", "was not found (404)")]
    [InlineData(401, "Bad credentials", "refused the credentials (401)")]
    [InlineData(500, "Server Error", "answered 500 (server error)")]
    public async Task GetIssue_ErrorStatus_FailsNamingTheIssue(int status, string message, string expected)
    {
        _github.Error(IssuePath, status, message);

        var result = await _tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
        Assert.Contains("Codertocat/Hello-World#1", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIssue_RateLimited_FailsSayingWhenItResets()
    {
        _github.Get(
            IssuePath,
            403,
            new JsonObject { ["message"] = "API rate limit exceeded for 203.0.113.7.", ["documentation_url"] = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" },
            ("X-RateLimit-Limit", "60"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "1795000000"));

        var result = await _tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains("rate limit exceeded reading issue Codertocat/Hello-World#1; it resets at 2026-11-18", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIssue_ServerUnreachable_FailsNamingTheServer()
    {
        string url;
        using (var stopped = new FakeGitHub())
        {
            url = stopped.Url;
        }

        using var tools = new ReadTools(("Ambient:Tools:GitHub:BaseUrl", url));

        var result = await tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains($"GitHub is unreachable at {url}", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIssue_ServerHangsAndTokenIsCancelled_ThrowsOperationCanceled()
    {
        using var hung = new SilentServer();
        using var tools = new ReadTools(("Ambient:Tools:GitHub:BaseUrl", hung.Url));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var call = tools.CancellableCallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 }, cancellation.Token);
        await hung.WaitForConnectionAsync();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Theory]
    [InlineData("Codertocat")]
    [InlineData("Codertocat/Hello-World/issues")]
    [InlineData("../x/y")]
    public async Task GetIssue_RepositoryNotOwnerSlashName_ThrowsToolArgumentException(string repository)
    {
        await Assert.ThrowsAsync<ToolArgumentException>(() => _tools.CallAsync("github.get_issue", new { repository, issueNumber = 1 }));

        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task SearchIssues_AddsTheRepositoryQualifierAndLimit()
    {
        _github.Get("/search/issues", 200, new JsonObject
        {
            ["total_count"] = 2,
            ["incomplete_results"] = false,
            ["items"] = new JsonArray(FakeGitHub.Issue(7, "Timeout calling payments"), FakeGitHub.Issue(9, "Payments timeout again")),
        });

        var result = await _tools.CallAsync("github.search_issues", new { repository = "Codertocat/Hello-World", query = "is:open timeout", limit = 2 });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var items = JsonNode.Parse(result.Text)!["items"]!.AsArray();
        Assert.Equal([7, 9], items.Select(i => (int)i!["number"]!));
        Assert.Equal("Payments timeout again", (string?)items[1]!["title"]);
        Assert.Equal("https://github.com/Codertocat/Hello-World/issues/9", (string?)items[1]!["htmlUrl"]);
        Assert.Equal("bug", (string?)items[0]!["labels"]![0]);
        var request = Assert.Single(_github.Requests);
        Assert.Equal("repo:Codertocat/Hello-World is:open timeout", request.Query!["q"].Single());
        Assert.Equal("2", request.Query["per_page"].Single());
    }

    [Theory]
    [InlineData("timeout repo:other/secret")]
    [InlineData("REPO:other/secret")]
    [InlineData("bug OR org:other")]
    [InlineData("(user:someone)")]
    [InlineData("-owner:me crash")]
    public async Task SearchIssues_QueryNamesItsOwnScope_IsRefusedWithoutARequest(string query)
    {
        var error = await Assert.ThrowsAsync<ToolArgumentException>(
            () => _tools.CallAsync("github.search_issues", new { repository = "Codertocat/Hello-World", query }));

        Assert.Contains("Codertocat/Hello-World", error.Message, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task SearchIssues_LimitAboveMaximum_ThrowsToolArgumentException()
    {
        await Assert.ThrowsAsync<ToolArgumentException>(
            () => _tools.CallAsync("github.search_issues", new { repository = "Codertocat/Hello-World", query = "bug", limit = 21 }));
    }

    [Fact]
    public async Task GetFile_TextFile_ReturnsDecodedContentShaAndSizeAtTheRef()
    {
        const string yaml = "replicas: 3\nimage: shop/web:1.4.2\n";
        _github.Get("/repos/Codertocat/Hello-World/contents/deploy/values.yaml", 200, Content("deploy/values.yaml", Encoding.UTF8.GetBytes(yaml)));

        var result = await _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "deploy/values.yaml", @ref = "release-1.4" });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = JsonNode.Parse(result.Text)!;
        Assert.Equal(yaml, (string?)json["content"]);
        Assert.Equal("3d21ec53a331a6f037a91c368710b99387d012c1", (string?)json["sha"]);
        Assert.Equal(yaml.Length, (int)json["size"]!);
        Assert.Equal("release-1.4", Assert.Single(_github.Requests).Query!["ref"].Single());
    }

    [Fact]
    public async Task GetFile_LargeTextFile_IsCappedWithAMarker()
    {
        _github.Get("/repos/Codertocat/Hello-World/contents/big.log", 200, Content("big.log", Encoding.UTF8.GetBytes(new string('a', 20_000))));

        var result = await _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "big.log" });

        var content = (string)JsonNode.Parse(result.Text)!["content"]!;
        Assert.EndsWith("\n[... truncated: 4000 more characters]", content, StringComparison.Ordinal);
        Assert.Equal(16_000, content.IndexOf('\n', StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetFile_BinaryFile_Fails()
    {
        _github.Get("/repos/Codertocat/Hello-World/contents/logo.png", 200, Content("logo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]));

        var result = await _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "logo.png" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains("binary file", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFile_Directory_Fails()
    {
        _github.Get("/repos/Codertocat/Hello-World/contents/deploy", 200, new JsonArray(Content("deploy/values.yaml", "a: 1"u8.ToArray())));

        var result = await _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "deploy" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Equal("GitHub: file deploy in Codertocat/Hello-World is a directory, not a file.", result.Text);
    }

    [Fact]
    public async Task GetFile_PathEscapingTheRepository_ThrowsToolArgumentException()
    {
        await Assert.ThrowsAsync<ToolArgumentException>(
            () => _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "../../../user" }));

        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task AllGitHubTools_MakeOnlyGetRequests()
    {
        _github.Get(IssuePath, 200, FakeGitHub.Issue(1, "One"))
            .Get("/search/issues", 200, new JsonObject { ["total_count"] = 0, ["incomplete_results"] = false, ["items"] = new JsonArray() })
            .Get("/repos/Codertocat/Hello-World/contents/README.md", 200, Content("README.md", "# Hello"u8.ToArray()));

        await _tools.CallAsync("github.get_issue", new { repository = "Codertocat/Hello-World", issueNumber = 1 });
        await _tools.CallAsync("github.search_issues", new { repository = "Codertocat/Hello-World", query = "crash" });
        await _tools.CallAsync("github.get_file", new { repository = "Codertocat/Hello-World", path = "README.md" });

        Assert.Equal(3, _github.Requests.Count);
        Assert.All(_github.Requests, request => Assert.Equal("GET", request.Method));
    }

    public void Dispose()
    {
        _tools.Dispose();
        _github.Dispose();
    }

    // The contents API's answer for a file: base64 in lines of 60 characters, as GitHub sends it.
    private static JsonObject Content(string path, byte[] bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        var lines = string.Join("\n", Enumerable.Range(0, (base64.Length + 59) / 60).Select(i => base64.Substring(i * 60, Math.Min(60, base64.Length - (i * 60)))));
        return new JsonObject
        {
            ["type"] = "file",
            ["encoding"] = "base64",
            ["size"] = bytes.Length,
            ["name"] = Path.GetFileName(path),
            ["path"] = path,
            ["content"] = lines + "\n",
            ["sha"] = "3d21ec53a331a6f037a91c368710b99387d012c1",
            ["url"] = $"https://api.github.com/repos/Codertocat/Hello-World/contents/{path}",
            ["git_url"] = "https://api.github.com/repos/Codertocat/Hello-World/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1",
            ["html_url"] = $"https://github.com/Codertocat/Hello-World/blob/main/{path}",
            ["download_url"] = $"https://raw.githubusercontent.com/Codertocat/Hello-World/main/{path}",
        };
    }
}

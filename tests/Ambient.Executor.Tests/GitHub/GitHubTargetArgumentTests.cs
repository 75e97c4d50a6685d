using Ambient.Executor.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Executor.Tests.GitHub;

public sealed class GitHubTargetArgumentTests : IDisposable
{
    private readonly FakeGitHub _github = new();
    private readonly GitHubTargetHost _host;

    public GitHubTargetArgumentTests()
    {
        _host = GitHubTargetHost.For(_github.Url);
    }

    public static TheoryData<string, string> MalformedArguments => new()
    {
        { """{"issueNumber": 7, "body": "hi"}""", "argument 'repository' is missing" },
        { """{"repository": "octo", "issueNumber": 7, "body": "hi"}""", "argument 'repository' must be 'owner/name'" },
        { """{"repository": "octo/app/issues", "issueNumber": 7, "body": "hi"}""", "argument 'repository' must be 'owner/name'" },
        { """{"repository": "../app", "issueNumber": 7, "body": "hi"}""", "argument 'repository' must be 'owner/name'" },
        { """{"repository": "octo/a?b", "issueNumber": 7, "body": "hi"}""", "argument 'repository' must be 'owner/name'" },
        { """{"repository": "octo/app", "issueNumber": "7", "body": "hi"}""", "argument 'issueNumber' must be a positive integer" },
        { """{"repository": "octo/app", "issueNumber": 7.5, "body": "hi"}""", "argument 'issueNumber' must be a positive integer" },
        { """{"repository": "octo/app", "issueNumber": 0, "body": "hi"}""", "argument 'issueNumber' must be a positive integer" },
        { """{"repository": "octo/app", "issueNumber": 7}""", "argument 'body' is missing" },
        { """["octo/app", 7]""", "the arguments must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(MalformedArguments))]
    public async Task Comment_MalformedArguments_ThrowActionFormatExceptionWithoutARequest(string arguments, string problem)
    {
        var action = GitHubTargetHost.Action("comment", System.Text.Json.JsonDocument.Parse(arguments).RootElement);

        var applying = await Assert.ThrowsAsync<ActionFormatException>(() => _host.ApplyAsync(action));
        var scoping = Assert.Throws<ActionFormatException>(() => _host.Target.ScopeOf(action));

        Assert.Contains("Action run-42/3/0 (github.comment): " + problem, applying.Message, StringComparison.Ordinal);
        Assert.Equal(applying.Message, scoping.Message);
        Assert.Empty(_github.Requests);
    }

    [Theory]
    [InlineData("add_labels", """{"repository": "octo/app", "issueNumber": 7, "labels": []}""", "argument 'labels' must be a non-empty array")]
    [InlineData("remove_labels", """{"repository": "octo/app", "issueNumber": 7, "labels": "bug"}""", "argument 'labels' must be a non-empty array")]
    [InlineData("propose_pull_request_plan", """{"repository": "octo/app", "issueNumber": 7, "title": "Fix", "steps": [""]}""", "argument 'steps' must be a non-empty array")]
    [InlineData("propose_pull_request_plan", """{"repository": "octo/app", "issueNumber": 7, "title": "Fix", "draft": "yes", "steps": ["a"]}""", "argument 'draft' must be true or false")]
    [InlineData("delete_comment", """{"repository": "octo/app", "issueNumber": 7}""", "argument 'actionId' is missing")]
    [InlineData("merge_pull_request", """{"repository": "octo/app", "issueNumber": 7}""", "GitHub has no such operation")]
    public async Task Apply_MalformedOperation_ThrowsActionFormatExceptionNamingIt(string operation, string arguments, string problem)
    {
        var action = GitHubTargetHost.Action(operation, System.Text.Json.JsonDocument.Parse(arguments).RootElement);

        var error = await Assert.ThrowsAsync<ActionFormatException>(() => _host.ApplyAsync(action));

        Assert.Contains($"Action run-42/3/0 (github.{operation}): {problem}", error.Message, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Apply_NoTokenConfigured_FailsNamingTheKeyWithoutARequest()
    {
        using var host = new GitHubTargetHost(("Ambient:Executors:GitHub:BaseUrl", _github.Url));

        var outcome = await host.ApplyAsync(GitHubTargetHost.Action("comment", new { repository = "octo/app", issueNumber = 7, body = "hi" }));

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("Ambient:Executors:GitHub:Token", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public void ScopeOf_IsTheRepository()
    {
        var scope = _host.Target.ScopeOf(GitHubTargetHost.Action("add_labels", new { repository = "octo-org/my_app.js", issueNumber = 7, labels = new[] { "bug" } }));

        Assert.Equal("octo-org/my_app.js", scope);
    }

    [Fact]
    public void Describe_Comment_NamesTheRequestAndTheBodyLength()
    {
        var action = GitHubTargetHost.Action("comment", new { repository = "octo/app", issueNumber = 7, body = new string('x', 276) });

        var line = _host.Target.Describe(action, ApplyContext.None);

        // 276 characters, two line breaks and the 35-character marker.
        Assert.Equal("POST /repos/octo/app/issues/7/comments (comment, 313 chars)", line);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public void Describe_Labels_NamesTheLabels()
    {
        var action = GitHubTargetHost.Action("add_labels", new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug", "p1" } });

        Assert.Equal("POST /repos/octo/app/issues/7/labels (add_labels: bug, p1)", _host.Target.Describe(action, ApplyContext.None));
    }

    [Fact]
    public void AddAmbientGitHubTarget_Twice_RegistersOneTargetBesideOthers()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddSingleton<IActionTarget, OtherTarget>();

        services.AddAmbientGitHubTarget(configuration).AddAmbientGitHubTarget(configuration);

        using var provider = services.BuildServiceProvider();
        Assert.Equal(["other", "github"], provider.GetServices<IActionTarget>().Select(target => target.Name));
    }

    public void Dispose()
    {
        _host.Dispose();
        _github.Dispose();
    }

    private sealed class OtherTarget : IActionTarget
    {
        public string Name => "other";

        public string ScopeOf(Abstractions.Actions.ActionRecord action) => "";

        public string Describe(Abstractions.Actions.ActionRecord action, ApplyContext context) => "";

        public Task<TargetOutcome> ApplyAsync(Abstractions.Actions.ActionRecord action, ApplyContext context, CancellationToken cancellationToken) =>
            Task.FromResult(TargetOutcome.Applied(null));

        public Task<TargetOutcome?> FindAsync(Abstractions.Actions.ActionRecord action, ApplyContext context, CancellationToken cancellationToken) =>
            Task.FromResult<TargetOutcome?>(null);
    }
}

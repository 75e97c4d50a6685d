using System.Text.Json.Nodes;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Replays;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Ambient.Worker.Topics;

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// Replays of a run that read GitHub (a WireMock GitHub REST API): a recorded replay answers the read from the original
/// run's journal and asks GitHub nothing; a live replay reads again and reports what changed in between.
/// </summary>
public sealed class GitHubReplayTests(KafkaFixture kafka) : IDisposable
{
    private const string Agent = """
        name: issue-searcher
        owner: team-test
        subscriptions:
          - topic: github
            types: [com.github.issues.opened]
        model:
          provider: offline
        systemPrompt: You look for duplicates of a new issue, then label it.
        tools: [github.search_issues, github.add_labels]
        offline:
          rules:
            - name: duplicates
              when:
                types: [com.github.issues.opened]
              calls:
                - tool: github.search_issues
                  arguments:
                    repository: "{{ $.repository.full_name }}"
                    query: "is:open spelling"
                - tool: github.add_labels
                  arguments:
                    repository: "{{ $.repository.full_name }}"
                    issueNumber: "{{ $.issue.number }}"
                    labels: [triaged]
              reply: "Searched for duplicates of #{{ $.issue.number }} and labelled it."
        """;

    private readonly WireMockServer _github = WireMockServer.Start();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_OfARunThatSearchedGitHub_RecordedAsksNothingAndLiveReportsTheChangedRead()
    {
        var payload = TestEvents.IssueOpenedPayload();
        var issue = JsonNode.Parse(payload)!["issue"]!.AsObject();
        AnswerSearch(Issue(issue, 7, "Spelling error in the README"));
        await using var harness = await WorkerHarness.CreateAsync(kafka, ("issue-searcher.yaml", Agent));
        var worker = await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Tools:GitHub:BaseUrl"] = _github.Url + "/" });
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(payload));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var original = ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audit.RunId));
        Assert.Equal([("github.search_issues", true), ("github.add_labels", false)], original.Select(t => (t.Tool, t.Read)));
        Assert.Equal(7, (int)JsonNode.Parse(original[0].Content)!["items"]![0]!["number"]!);
        Assert.Single(_github.LogEntries);
        _github.ResetLogEntries();

        var recorded = await ReplayAsync(worker, harness, ReplayMode.Recorded);

        Assert.Empty(_github.LogEntries);
        Assert.True(recorded.Runs.Single().HadRecording);
        Assert.Null(recorded.FirstDivergence);

        _github.ResetMappings();
        AnswerSearch(Issue(issue, 7, "Spelling error in the README"), Issue(issue, 9, "Spelling error in CONTRIBUTING"));

        var live = await ReplayAsync(worker, harness, ReplayMode.Live);

        Assert.Single(_github.LogEntries);
        var difference = Assert.Single(live.Runs.Single().Differences);
        Assert.StartsWith("read 1 (github.search_issues) changed at character ", difference, StringComparison.Ordinal);
        // Each side is shown around where they first differ: the count of matches.
        Assert.Matches("""original .*"totalCount":\s*1.*, replay .*"totalCount":\s*2""", difference);
    }

    public void Dispose() => _github.Stop();

    private void AnswerSearch(params JsonObject[] items) => _github
        .Given(Request.Create().WithPath("/search/issues").UsingGet())
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(new JsonObject
        {
            ["total_count"] = items.Length,
            ["incomplete_results"] = false,
            ["items"] = new JsonArray([.. items]),
        }.ToJsonString()));

    private static JsonObject Issue(JsonObject template, int number, string title)
    {
        var issue = template.DeepClone().AsObject();
        issue["number"] = number;
        issue["title"] = title;
        issue["html_url"] = $"https://github.com/Codertocat/Hello-World/issues/{number}";
        return issue;
    }

    /// <summary>Replays the harness's events through the worker's own runner (its tools come from the worker's DI), to the shadow topic.</summary>
    private static Task<ReplayReport> ReplayAsync(IHost worker, WorkerHarness harness, ReplayMode mode)
    {
        var runner = worker.Services.GetRequiredKeyedService<AgentRunner>(harness.AgentName("issue-searcher"));
        var events = worker.Services.GetRequiredService<EventReader>().ReadRange(runner.Topics, null, new EventPosition(0, null), null, Cancellation);
        return new ReplayRunner(runner, harness.Topics.ForRuns()).ReplayAsync(events, mode, ReplayOutput.Shadow, $"replay-{Guid.NewGuid():N}"[..20], Cancellation);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Executor.Tests.Execution;
using Ambient.Executor.Tests.Slack;
using Ambient.Governance.Approvals;
using Ambient.Testing;

namespace Ambient.Executor.Tests.Approvals;

/// <summary>
/// Approval requests posted to Slack by the executor as shipped (AddAmbientExecutor, Slack in apply mode, an approvals
/// channel), against a local Slack over real HTTP: the request appears with its Approve and Deny buttons, the message
/// loses them and says who answered once the request is answered elsewhere, and a request already in the channel
/// (posted before a restart) is not posted twice.
/// </summary>
public sealed class SlackApprovalNoticeTests(KafkaFixture kafka)
{
    private const string Channel = "C0APPROVALS";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APendingRequest_IsPostedWithItsButtons_AndAnAnswerFromTheCliReplacesThemWithWhoAnswered()
    {
        using var slack = new FakeSlack(epoch: TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        using var approvals = executor.Approvals();
        await executor.StartAsync(Settings(slack));
        var request = Request("run-s1", reasoning: "Restart it. <!channel> see <https://evil.example|this>. Confidence: 0.6");

        await approvals.Writer.WriteAsync(request, Cancellation);
        var posted = await Eventually.ReadAsync(() => slack.Messages(Channel), m => m.Count == 1, Cancellation);
        await approvals.AnswerAsync(request.Id, approve: true, by: "U024BE7LH", reason: "go ahead");
        var updated = await Eventually.ReadAsync(() => slack.Messages(Channel), m => m.Single()["blocks"]!.AsArray().All(b => (string?)b!["type"] != "actions"), Cancellation);

        var message = posted.Single();
        Assert.Equal("ambient_approval", (string?)message["metadata"]!["event_type"]);
        Assert.Equal(request.Id, (string?)message["metadata"]!["event_payload"]!["approval_id"]);
        var buttons = message["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal([("ambient.approve", request.Id), ("ambient.deny", request.Id)], buttons.Select(b => ((string?)b!["action_id"], (string?)b["value"])));
        var text = Texts(message);
        Assert.Contains("<@U024BE7LH>", text, StringComparison.Ordinal); // an approver's Slack id is mentioned, so they are told
        Assert.Contains("kubernetes.restart_workload", (string?)message["text"], StringComparison.Ordinal);
        // What the model wrote is plain text: it cannot mention everyone or hide a link.
        var reasoning = message["blocks"]!.AsArray().Single(b => ((string?)b!["text"]?["text"])?.StartsWith("The agent's reasoning", StringComparison.Ordinal) == true)!;
        Assert.Equal("plain_text", (string?)reasoning["text"]!["type"]);
        var arguments = message["blocks"]!.AsArray().Single(b => ((string?)b!["text"]?["text"])?.StartsWith("Arguments: ", StringComparison.Ordinal) == true)!;
        Assert.Equal(("plain_text", "Arguments: {\"namespace\":\"prod\",\"name\":\"web\"}"), ((string?)arguments["text"]!["type"], (string?)arguments["text"]!["text"]));
        var outcome = Texts(updated.Single());
        Assert.Contains("*Approved* by <@U024BE7LH> via cli", outcome, StringComparison.Ordinal);
        Assert.Contains("go ahead", outcome, StringComparison.Ordinal);
        Assert.Equal((string?)message["ts"], (string?)updated.Single()["ts"]);
        Assert.Single(slack.RequestsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ARequestAlreadyInTheChannel_IsNotPostedAgain_AndAnExpiredOneNotAtAll()
    {
        using var slack = new FakeSlack(epoch: TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        using var approvals = executor.Approvals();
        var seen = Request("run-s2");
        var expired = Request("run-s3", expiresIn: TimeSpan.FromSeconds(-1));
        var fresh = Request("run-s4");
        // Posted before a restart whose offset commit was lost: the message is there, marked with the approval id.
        var ts = slack.SeedApproval(Channel, seen.Id);
        foreach (var request in new[] { seen, expired, fresh })
        {
            await approvals.Writer.WriteAsync(request, Cancellation);
        }

        await executor.StartAsync(Settings(slack));
        await Eventually.UntilAsync(() => slack.Messages(Channel).Count == 2, Cancellation);
        await approvals.AnswerAsync(seen.Id, approve: false, by: "maintainers", reason: "not now");
        await Eventually.UntilAsync(() => slack.Messages(Channel).Single(m => (string?)m["ts"] == ts)["blocks"] is not null, Cancellation);

        var posts = slack.RequestsTo("chat.postMessage");
        Assert.Equal([fresh.Id], posts.Select(p => (string?)p.Body!["metadata"]!["event_payload"]!["approval_id"]));
        Assert.Contains("*Denied* by maintainers via cli", Texts(slack.Messages(Channel).Single(m => (string?)m["ts"] == ts)), StringComparison.Ordinal);
        Assert.All(slack.RequestsTo("conversations.history"), r => Assert.Equal("true", r.Query["include_all_metadata"]));
    }

    // Every text of the message's blocks, one per line, as Slack shows them (the JSON escapes < and >).
    private static string Texts(JsonObject message) =>
        string.Join('\n', message["blocks"]!.AsArray().SelectMany(Strings));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [(string)v!] : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };

    private static (string Key, string Value)[] Settings(FakeSlack slack) =>
    [
        ("Ambient:Executors:Slack:BaseUrl", slack.ApiUrl), ("Ambient:Executors:Slack:BotToken", "xoxb-test"),
        ("Ambient:Executors:Slack:Mode", "apply"), ("Ambient:Executors:Slack:ApprovalsChannel", Channel),
    ];

    private static ApprovalRecord Request(string run, string? reasoning = null, TimeSpan? expiresIn = null)
    {
        const string Tool = "kubernetes.restart_workload";
        var arguments = JsonSerializer.SerializeToElement(new JsonObject { ["namespace"] = "prod", ["name"] = "web" });
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        return new ApprovalRecord
        {
            Id = ApprovalIds.For(run, 1, 0, Tool, arguments.GetRawText()), RunId = run, Agent = "incident-responder", Tool = Tool, Arguments = arguments,
            Reasoning = reasoning, Policy = "default-zones", Rule = "prod-workload-changes-need-approval", Reason = "Production restarts need on call.",
            Approvers = ["U024BE7LH", "sre-lead"], RequestedAt = now, ExpiresAt = now + (expiresIn ?? TimeSpan.FromHours(1)),
            Input = new ApprovalRunInput("ambient.events.cluster", 0, 0, "evt-" + run, "io.k8s.event"),
        };
    }
}

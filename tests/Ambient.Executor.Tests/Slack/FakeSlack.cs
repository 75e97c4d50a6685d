using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Ambient.Executor.Tests.Slack;

/// <summary>
/// A local Slack Web API over real HTTP (WireMock.Net): chat.postMessage keeps what it is sent, metadata
/// included, and conversations.history and conversations.replies page through it with cursors, as Slack does.
/// Any method can instead be made to refuse, fail with an HTTP status, or hang until the fake is disposed.
/// </summary>
internal sealed class FakeSlack : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ConcurrentQueue<JsonObject> _messages = new();
    private readonly TaskCompletionSource _hangsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _epoch;
    private int _lastTs;

    /// <param name="epoch">Where message ts start (Unix seconds); by default just before <c>SlackActions.ProposedAt</c>.</param>
    public FakeSlack(long epoch = 1_700_000_000)
    {
        _epoch = epoch;
        Answer("chat.postMessage", "POST", Post);
        Answer("reactions.add", "POST", _ => Ok([]));
        Answer("chat.update", "POST", Update);
        Answer("chat.delete", "POST", request => Ok(new JsonObject { ["channel"] = Body(request)["channel"]?.DeepClone(), ["ts"] = Body(request)["ts"]?.DeepClone() }));
        Answer("conversations.history", "GET", request => Page(request, History(request)));
        Answer("conversations.replies", "GET", request => Page(request, Replies(request)));
    }

    /// <summary>The Web API base address, as <c>Ambient:Executors:Slack:BaseUrl</c> takes it.</summary>
    public string ApiUrl => _server.Url + "/api/";

    /// <summary>How many messages a history or replies page holds, whatever the limit asked.</summary>
    public int PageSize { get; set; } = 200;

    public IReadOnlyList<SlackRequest> Requests => [.. _server.LogEntries.Select(entry => SlackRequest.From(entry.RequestMessage!))];

    public IReadOnlyList<SlackRequest> RequestsTo(string method) => [.. Requests.Where(request => request.Method == method)];

    /// <summary>Puts a message in a channel as if posted earlier, marked with <paramref name="actionId"/> when given; returns its ts.</summary>
    public string Seed(string channel, string text, string? actionId = null, string? thread = null)
    {
        var message = new JsonObject { ["channel"] = channel, ["text"] = text, ["thread_ts"] = thread };
        if (actionId is not null)
        {
            message["metadata"] = new JsonObject { ["event_type"] = "ambient_action", ["event_payload"] = new JsonObject { ["action_id"] = actionId } };
        }

        return Keep(message);
    }

    /// <summary>Puts an approval request's message in a channel as if posted earlier (marked with its approval id); returns its ts.</summary>
    public string SeedApproval(string channel, string approvalId) => Keep(new JsonObject
    {
        ["channel"] = channel,
        ["text"] = "Approval needed",
        ["metadata"] = new JsonObject { ["event_type"] = "ambient_approval", ["event_payload"] = new JsonObject { ["approval_id"] = approvalId } },
    });

    /// <summary>The messages as the channel now shows them (after updates), oldest first.</summary>
    public IReadOnlyList<JsonObject> Messages(string channel) => [.. _messages.Where(m => (string?)m["channel"] == channel).Select(m => m.DeepClone().AsObject())];

    /// <summary>Answers <paramref name="method"/> with <c>"ok": false</c> and <paramref name="error"/> from now on.</summary>
    public void Refuse(string method, string error, JsonObject? more = null) =>
        Override(method, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithBody(Merge(new JsonObject { ["ok"] = false, ["error"] = error }, more).ToJsonString()));

    /// <summary>Answers <paramref name="method"/> with an HTTP status (and headers) from now on.</summary>
    public void Fail(string method, int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Override(method, response);
    }

    /// <summary>Accepts every call to <paramref name="method"/> and answers none until disposed.</summary>
    public void Hang(string method) =>
        Override(method, Response.Create().WithCallback(async _ =>
        {
            await _hangsReleased.Task;
            return Json(Ok([]));
        }));

    public void Dispose()
    {
        _hangsReleased.TrySetResult();
        _server.Stop();
    }

    private void Answer(string method, string httpMethod, Func<IRequestMessage, JsonObject> answer) =>
        _server.Given(Request.Create().WithPath("/api/" + method).UsingMethod(httpMethod)).AtPriority(10)
            .RespondWith(Response.Create().WithCallback(request => Json(answer(request))));

    private void Override(string method, IResponseBuilder response) =>
        _server.Given(Request.Create().WithPath("/api/" + method)).AtPriority(1).RespondWith(response);

    private JsonObject Post(IRequestMessage request)
    {
        var body = Body(request);
        var message = new JsonObject
        {
            ["channel"] = body["channel"]?.DeepClone(), ["text"] = body["text"]?.DeepClone(), ["thread_ts"] = body["thread_ts"]?.DeepClone(),
            ["metadata"] = body["metadata"]?.DeepClone(), ["blocks"] = body["blocks"]?.DeepClone(),
        };
        var ts = Keep(message);
        return Ok(new JsonObject { ["channel"] = body["channel"]?.DeepClone(), ["ts"] = ts, ["message"] = message.DeepClone() });
    }

    // Slack's chat.update replaces the text and blocks of the message at channel and ts; the metadata stays.
    private JsonObject Update(IRequestMessage request)
    {
        var body = Body(request);
        var message = _messages.FirstOrDefault(m => (string?)m["channel"] == (string?)body["channel"] && (string?)m["ts"] == (string?)body["ts"]);
        if (message is null)
        {
            return new JsonObject { ["ok"] = false, ["error"] = "message_not_found" };
        }

        lock (message)
        {
            message["text"] = body["text"]?.DeepClone();
            message["blocks"] = body["blocks"]?.DeepClone();
        }

        return Ok(new JsonObject { ["channel"] = body["channel"]?.DeepClone(), ["ts"] = body["ts"]?.DeepClone() });
    }

    private string Keep(JsonObject message)
    {
        // Slack ts are seconds with six decimals; by default these start at 1700000001, just after SlackActions.ProposedAt.
        var count = Interlocked.Increment(ref _lastTs);
        var ts = string.Create(CultureInfo.InvariantCulture, $"{_epoch + count}.{count:D6}");
        message["type"] = "message";
        message["ts"] = ts;
        _messages.Enqueue(message);
        return ts;
    }

    // Top-level messages of the channel newer than oldest, newest first; thread replies stay in their thread.
    private IEnumerable<JsonObject> History(IRequestMessage request) =>
        _messages.Where(m => (string?)m["channel"] == Query(request, "channel") && m["thread_ts"] is null
                && Seconds((string)m["ts"]!) > Seconds(Query(request, "oldest") ?? "0"))
            .Reverse();

    // The parent first, then its replies, oldest first.
    private IEnumerable<JsonObject> Replies(IRequestMessage request) =>
        _messages.Where(m => (string?)m["channel"] == Query(request, "channel")
            && ((string?)m["ts"] == Query(request, "ts") || (string?)m["thread_ts"] == Query(request, "ts")));

    private JsonObject Page(IRequestMessage request, IEnumerable<JsonObject> messages)
    {
        var all = messages.ToList();
        var from = Query(request, "cursor") is { } cursor ? int.Parse(cursor[5..], CultureInfo.InvariantCulture) : 0;
        var page = all.Skip(from).Take(PageSize).ToList();
        var more = from + page.Count < all.Count;
        var withMetadata = Query(request, "include_all_metadata") == "true";
        return Ok(new JsonObject
        {
            ["messages"] = new JsonArray([.. page.Select(m => Shown(m, withMetadata))]),
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? $"page:{from + page.Count}" : "" },
        });
    }

    // Slack returns metadata only to a caller that asks for it.
    private static JsonObject Shown(JsonObject message, bool withMetadata)
    {
        var shown = message.DeepClone().AsObject();
        foreach (var name in shown.Where(field => field.Value is null || (field.Key == "metadata" && !withMetadata)).Select(field => field.Key).ToList())
        {
            shown.Remove(name);
        }

        return shown;
    }

    private static string? Query(IRequestMessage request, string name) =>
        request.Query?.TryGetValue(name, out var values) == true ? values.FirstOrDefault() : null;

    private static decimal Seconds(string ts) => decimal.Parse(ts, CultureInfo.InvariantCulture);

    private static JsonObject Body(IRequestMessage request) => JsonNode.Parse(request.Body ?? request.BodyData!.BodyAsString!)!.AsObject();

    private static JsonObject Ok(JsonObject fields) => Merge(new JsonObject { ["ok"] = true }, fields);

    private static JsonObject Merge(JsonObject answer, JsonObject? more)
    {
        foreach (var (name, value) in more ?? [])
        {
            answer[name] = value?.DeepClone();
        }

        return answer;
    }

    private static ResponseMessage Json(JsonObject body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
    };
}

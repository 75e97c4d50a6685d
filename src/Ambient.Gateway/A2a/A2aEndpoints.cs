using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.A2a;

/// <summary>
/// A2A's JSON-RPC binding for each agent with a card on the cards topic: <c>POST /a2a/{agent}</c> (bearer: any
/// publish token) answers <c>message/send</c>/<c>SendMessage</c> and <c>tasks/get</c>/<c>GetTask</c>;
/// <c>GET /a2a/{agent}/.well-known/agent-card.json</c> serves the agent's card. JSON-RPC errors are answered 200, as
/// JSON-RPC over HTTP does, except an unknown agent (404) and Kafka not acknowledging (503 + <c>Retry-After</c>).
/// </summary>
internal static class A2aEndpoints
{
    private static readonly string[] s_unsupported =
        ["message/stream", "SendStreamingMessage", "tasks/cancel", "CancelTask", "tasks/resubscribe", "SubscribeToTask", "ListTasks", "tasks/list",
         "tasks/pushNotificationConfig/set", "tasks/pushNotificationConfig/get", "tasks/pushNotificationConfig/list", "tasks/pushNotificationConfig/delete",
         "CreateTaskPushNotificationConfig", "GetTaskPushNotificationConfig", "ListTaskPushNotificationConfigs", "DeleteTaskPushNotificationConfig",
         "agent/getAuthenticatedExtendedCard", "GetExtendedAgentCard"];

    public static IEndpointRouteBuilder MapA2a(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/a2a/{agent}");
        group.MapPost("", HandleAsync)
            .AddEndpointFilter<ClientGuardFilter>()
            .AddEndpointFilter<PublishTokenFilter>()
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Generic))
            .AddEndpointFilter(new BodyFilter(options => options.A2a.MaxBodyBytes, $"{GatewayOptions.SectionName}:A2a:MaxBodyBytes", "application/json"));
        group.MapGet("/.well-known/agent-card.json", CardAsync);
        return endpoints;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context, string agent, A2aBridge bridge, A2aTables tables, IOptions<GatewayOptions> options)
    {
        if (JsonRpcRequest.Parse(BufferedBody.Get(context), out var invalid) is not { } request)
        {
            return Answer(invalid!.ToJson());
        }

        var dialect = request.Method is "message/send" or "tasks/get" ? A2aDialect.V03 : A2aDialect.V1;
        if (request.Method is not ("message/send" or "SendMessage" or "tasks/get" or "GetTask"))
        {
            return s_unsupported.Contains(request.Method, StringComparer.Ordinal)
                ? Error(request, JsonRpcError.UnsupportedOperation, $"{request.Method} is not supported by Ambient's gateway; use message/send (SendMessage) and tasks/get (GetTask).")
                : Error(request, JsonRpcError.MethodNotFound, $"Method '{request.Method}' does not exist; this endpoint answers message/send (SendMessage) and tasks/get (GetTask).");
        }

        switch (await KnowsAgentAsync(tables, agent, options.Value, context.RequestAborted))
        {
            case null:
                return NotReady(context, options.Value.RetryAfter);
            case false:
                return Error(request, JsonRpcError.InvalidParams, UnknownAgent(agent, tables), StatusCodes.Status404NotFound);
        }

        return request.Method is "message/send" or "SendMessage"
            ? await SendAsync(context, agent, request, dialect, bridge, options.Value)
            : tables.Tasks.CaughtUp.IsCompletedSuccessfully ? GetTask(request, dialect, tables) : NotReady(context, options.Value.RetryAfter);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SendAsync(
        HttpContext context, string agent, JsonRpcRequest request, A2aDialect dialect, A2aBridge bridge, GatewayOptions options)
    {
        if (request.Params.ValueKind != JsonValueKind.Object || !request.Params.TryGetProperty("message", out var message))
        {
            return Error(request, JsonRpcError.InvalidParams, "params.message is required.");
        }

        if (A2aMessageReader.Read(message, out var error) is not { } read)
        {
            return Error(request, JsonRpcError.InvalidParams, error!);
        }

        var outcome = await bridge.SendAsync(agent, read, !ReturnImmediately(request.Params), context.RequestAborted);
        if (outcome.Task is not { } task)
        {
            SetRetryAfter(context, options.RetryAfter);
            return Error(request, JsonRpcError.InternalError, outcome.Unavailable!, StatusCodes.Status503ServiceUnavailable);
        }

        // v1's SendMessageResponse is a oneof: {"task": ...}; 0.3 answers the Task itself.
        var json = A2aJsonWriter.Task(task, dialect);
        return Result(request, dialect == A2aDialect.V1 ? new JsonObject { ["task"] = json } : json);
    }

    private static Results<ContentHttpResult, ProblemHttpResult> GetTask(JsonRpcRequest request, A2aDialect dialect, A2aTables tables)
    {
        var id = request.Params.ValueKind == JsonValueKind.Object ? A2aMessageReader.String(request.Params, "id") : null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return Error(request, JsonRpcError.InvalidParams, "params.id (the task id) is required.");
        }

        return tables.Tasks.Get(id) is { } task
            ? Result(request, A2aJsonWriter.Task(task, dialect))
            : Error(request, JsonRpcError.TaskNotFound, $"Task '{id}' was not found on {tables.Tasks.Topic}.");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CardAsync(
        HttpContext context, string agent, A2aTables tables, IOptions<GatewayOptions> options)
    {
        switch (await KnowsAgentAsync(tables, agent, options.Value, context.RequestAborted))
        {
            case null:
                return NotReady(context, options.Value.RetryAfter);
            case false:
                return TypedResults.Problem(UnknownAgent(agent, tables), statusCode: StatusCodes.Status404NotFound, title: "Unknown agent");
        }

        var request = context.Request;
        var baseUrl = options.Value.A2a.PublicUrl?.ToString().TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return TypedResults.Content(AgentCardJson.Write(tables.Cards.Get(agent)!, $"{baseUrl}/a2a/{Uri.EscapeDataString(agent)}").ToJsonString(), "application/json");
    }

    /// <summary>Whether the agent has a card; null while the cards table is still being read (answer 503).</summary>
    private static async Task<bool?> KnowsAgentAsync(A2aTables tables, string agent, GatewayOptions options, CancellationToken requestAborted)
    {
        try
        {
            await tables.Cards.CaughtUp.WaitAsync(options.PublishTimeout, requestAborted);
        }
        catch (Exception ex) when (ex is TimeoutException or TaskCanceledException && !requestAborted.IsCancellationRequested)
        {
            return null;
        }

        return tables.Cards.Get(agent) is not null;
    }

    private static ProblemHttpResult NotReady(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem("The A2A bridge is still reading the cards and tasks topics from Kafka; retry after the Retry-After delay.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool ReturnImmediately(JsonElement parameters) =>
        parameters.TryGetProperty("configuration", out var configuration) && configuration.ValueKind == JsonValueKind.Object &&
        ((Bool(configuration, "returnImmediately") ?? Bool(configuration, "return_immediately")) == true || Bool(configuration, "blocking") == false);

    private static bool? Bool(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static string UnknownAgent(string agent, A2aTables tables) => $"No agent '{agent}' is served: it has no Agent Card on {tables.Cards.Topic}.";

    private static ContentHttpResult Result(JsonRpcRequest request, JsonNode result) =>
        Answer(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request.Id?.DeepClone(), ["result"] = result });

    private static ContentHttpResult Error(JsonRpcRequest request, int code, string message, int status = StatusCodes.Status200OK) =>
        Answer(new JsonRpcError(request.Id, code, message).ToJson(), status);

    private static ContentHttpResult Answer(JsonObject body, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(body.ToJsonString(), "application/json", statusCode: status);
}

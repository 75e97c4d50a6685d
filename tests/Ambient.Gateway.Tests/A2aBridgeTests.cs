using System.Net;
using System.Text.Json;
using Ambient.Abstractions.A2a;
using Ambient.Avro.Serialization;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Ambient.A2a;
using Ambient.Worker.Inventory;

namespace Ambient.Gateway.Tests;

/// <summary>
/// The A2A JSON-RPC bridge through real HTTP and the broker: requests become Avro Messages on the agent's inbox,
/// a real worker's replies come back as A2A Tasks, and tasks/get reads the compacted tasks topic.
/// </summary>
public sealed class A2aBridgeTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MessageSend_Blocking_IncidentResponderAnswersCompletedTaskWithItsArtifact()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.StartResponderAsync();

        var (status, body, _) = await harness.CallAsync(harness.Responder, """
            {"jsonrpc": "2.0", "id": 7, "method": "message/send", "params": {"message": {"kind": "message", "messageId": "m-blocking", "role": "user",
              "parts": [{"kind": "text", "text": "the checkout pod is crash looping"}, {"kind": "data", "data": {"namespace": "shop"}}]}}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(7, body.GetProperty("id").GetInt32());
        var task = body.GetProperty("result");
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal(A2aTaskIds.For(harness.Responder, "m-blocking"), task.GetProperty("id").GetString());
        Assert.Equal("completed", task.GetProperty("status").GetProperty("state").GetString());
        var answer = task.GetProperty("status").GetProperty("message");
        Assert.Equal("agent", answer.GetProperty("role").GetString());
        Assert.StartsWith("Incident report opened for the question from gateway", answer.GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var artifact = task.GetProperty("artifacts").EnumerateArray().Single();
        Assert.Equal("text", artifact.GetProperty("parts")[0].GetProperty("kind").GetString());
        var data = artifact.GetProperty("parts")[1];
        Assert.Equal("data", data.GetProperty("kind").GetString());
        Assert.Equal(artifact.GetProperty("artifactId").GetString(), data.GetProperty("data").GetProperty("runId").GetString());
        Assert.Single(data.GetProperty("data").GetProperty("actions").EnumerateArray());

        // Any replica answers tasks/get from the compacted topic: here the snapshot the worker wrote after answering.
        var taskId = task.GetProperty("id").GetString();
        var got = await Eventually.ReadAsync(() => harness.CallAsync(harness.Responder, $$$"""{"jsonrpc": "2.0", "id": "g", "method": "tasks/get", "params": {"id": "{{{taskId}}}"}}""").GetAwaiter().GetResult().Body,
            b => b.TryGetProperty("result", out var r) && r.GetProperty("status").GetProperty("state").GetString() == "completed", Cancellation);
        Assert.Equal(task.GetProperty("contextId").GetString(), got.GetProperty("result").GetProperty("contextId").GetString());
        Assert.Equal(artifact.GetProperty("artifactId").GetString(), got.GetProperty("result").GetProperty("artifacts")[0].GetProperty("artifactId").GetString());
    }

    [Fact]
    public async Task SendMessage_ReturnImmediately_SubmittedThenGetTaskSeesItCompleted()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.StartResponderAsync();

        var (status, body, _) = await harness.CallAsync(harness.Responder, """
            {"jsonrpc": "2.0", "id": "s1", "method": "SendMessage", "params": {"message": {"messageId": "m-async", "contextId": "ctx-42", "role": "ROLE_USER",
              "parts": [{"text": "is the shop namespace healthy?"}]}, "configuration": {"returnImmediately": true}}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var submitted = body.GetProperty("result").GetProperty("task");
        Assert.Equal(A2aTaskStates.Submitted, submitted.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("ctx-42", submitted.GetProperty("contextId").GetString());
        var taskId = submitted.GetProperty("id").GetString();
        var completed = await Eventually.ReadAsync(
            () => harness.CallAsync(harness.Responder, $$$"""{"jsonrpc": "2.0", "id": 2, "method": "GetTask", "params": {"id": "{{{taskId}}}"}}""").GetAwaiter().GetResult().Body,
            b => b.TryGetProperty("result", out var r) && r.GetProperty("status").GetProperty("state").GetString() == A2aTaskStates.Completed, Cancellation);
        var task = completed.GetProperty("result");
        Assert.Equal("ctx-42", task.GetProperty("contextId").GetString());
        Assert.Equal(A2aRoles.Agent, task.GetProperty("status").GetProperty("message").GetProperty("role").GetString());
        var parts = task.GetProperty("artifacts")[0].GetProperty("parts");
        Assert.StartsWith("Incident report opened", parts[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, parts[1].GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task MessageSend_NotBlockingBeforeAnyWorkerRuns_SubmittedAndTasksGetSeesTheGatewaysSnapshot()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.PublishFakeCardAsync();

        var (status, body, _) = await harness.CallAsync(harness.FakeAgent, """
            {"jsonrpc": "2.0", "id": "n", "method": "message/send", "params": {"message": {"kind": "message", "messageId": "m-later", "role": "user",
              "parts": [{"kind": "text", "text": "whenever you can"}]}, "configuration": {"blocking": false}}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var task = body.GetProperty("result");
        Assert.Equal("submitted", task.GetProperty("status").GetProperty("state").GetString());
        var taskId = task.GetProperty("id").GetString();
        var got = await Eventually.ReadAsync(
            () => harness.CallAsync(harness.FakeAgent, $$$"""{"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": "{{{taskId}}}"}}""").GetAwaiter().GetResult().Body,
            b => b.TryGetProperty("result", out _), Cancellation);
        Assert.Equal("submitted", got.GetProperty("result").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(task.GetProperty("contextId").GetString(), got.GetProperty("result").GetProperty("contextId").GetString());
        var inbox = Enumerable.Range(0, 3).SelectMany(p => TopicRecords.ReadAll(kafka.BootstrapServers, harness.Topics.A2aInbox(harness.FakeAgent), p)).Single();
        Assert.Equal(task.GetProperty("contextId").GetString(), inbox.Message.Key);
    }

    [Fact]
    public async Task AgentCard_OfAServedAgent_HasTheGatewaysJsonRpcInterfaceFirst()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.PublishFakeCardAsync();

        using var response = await harness.Gateway.Http.GetAsync($"/a2a/{harness.FakeAgent}/.well-known/agent-card.json", Cancellation);
        using var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        using var unknown = await harness.Gateway.Http.GetAsync("/a2a/nobody/.well-known/agent-card.json", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = card.RootElement;
        Assert.Equal(harness.FakeAgent, root.GetProperty("name").GetString());
        var interfaces = root.GetProperty("supportedInterfaces").EnumerateArray().ToList();
        Assert.Equal(new Uri(harness.Gateway.Http.BaseAddress!, $"/a2a/{harness.FakeAgent}").ToString(), interfaces[0].GetProperty("url").GetString());
        Assert.Equal("JSONRPC", interfaces[0].GetProperty("protocolBinding").GetString());
        Assert.Equal("1.0", interfaces[0].GetProperty("protocolVersion").GetString());
        Assert.Equal(A2aKafka.BindingUri, interfaces[1].GetProperty("protocolBinding").GetString());
        Assert.Equal("Bearer", root.GetProperty("securitySchemes").GetProperty("bearer").GetProperty("httpAuthSecurityScheme").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AgentCard_OfARealWorkersAgent_DeclaresTheInventoryExtensionWithOwnerAndTools()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.StartResponderAsync();

        using var response = await harness.Gateway.Http.GetAsync($"/a2a/{harness.Responder}/.well-known/agent-card.json", Cancellation);
        using var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));

        var extension = Assert.Single(card.RootElement.GetProperty("capabilities").GetProperty("extensions").EnumerateArray());
        Assert.Equal(InventoryExtension.Uri, extension.GetProperty("uri").GetString());
        Assert.False(extension.GetProperty("required").GetBoolean());
        // params is the inventory object itself, as A2A declares it, not JSON text.
        var inventory = extension.GetProperty("params");
        Assert.Equal("team-sre", inventory.GetProperty("owner").GetString());
        var restart = Assert.Single(inventory.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "kubernetes.restart_workload");
        Assert.Equal("effect", restart.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task SendMessage_AgentStillWorkingAtTheTimeout_AnswersTheWorkingTaskAndTheRequestCarriesTheBinding()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers, settings => settings["Ambient:Gateway:A2a:Timeout"] = "00:00:02");
        await harness.PublishFakeCardAsync();
        var agent = A2aFakeAgent.AnswerWorkingAsync(harness, Cancellation);

        var (status, body, _) = await harness.CallAsync(harness.FakeAgent, """
            {"jsonrpc": "2.0", "id": 3, "method": "SendMessage", "params": {"message": {"messageId": "m-slow", "contextId": "ctx-slow", "role": "ROLE_USER",
              "parts": [{"text": "take your time"}, {"data": {"n": 1}}, {"url": "https://example.com/runbook.md", "mediaType": "text/markdown", "filename": "runbook.md"}]}}}
            """);
        var request = await agent;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(A2aTaskStates.Working, body.GetProperty("result").GetProperty("task").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("ctx-slow", request.Message.Key);
        Assert.Equal("gateway", TopicRecords.Header(request, A2aKafka.AgentHeader));
        Assert.Equal(harness.RepliesTopic, TopicRecords.Header(request, A2aKafka.ReplyToHeader));
        Assert.StartsWith("gateway-", TopicRecords.Header(request, A2aKafka.RunIdHeader), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(TopicRecords.Header(request, A2aKafka.DeadlineHeader), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        var message = harness.Avro.GetRequiredService<AvroRecordCodec<A2aMessage>>().Decode(request.Message.Value);
        Assert.Equal(A2aRoles.User, message.Role);
        Assert.Equal("take your time", message.Text);
        Assert.Equal("""{"n": 1}""", message.Data);
        Assert.Equal(new A2aPart(Url: "https://example.com/runbook.md", MediaType: "text/markdown", Filename: "runbook.md"), message.Parts[2]);
    }
}

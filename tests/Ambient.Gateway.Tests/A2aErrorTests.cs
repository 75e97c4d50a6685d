using System.Net;
using System.Text;
using Ambient.Testing;

namespace Ambient.Gateway.Tests;

/// <summary>Every malformed or refused A2A call gets its JSON-RPC (or HTTP) error, says what to fix, and writes nothing.</summary>
public sealed class A2aErrorTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_MalformedOrRefusedCalls_AnsweredWithTheirErrorsAndNothingWritten()
    {
        await using var harness = await A2aHarness.StartAsync(kafka.BootstrapServers);
        await harness.PublishFakeCardAsync();
        var agent = harness.FakeAgent;
        const string Valid = """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi"}]}}}""";

        var cases = new (string Agent, string Body, HttpStatusCode Status, int? Code, string Says)[]
        {
            (agent, "{not json", HttpStatusCode.OK, -32700, "not JSON"),
            (agent, "[" + Valid + "]", HttpStatusCode.OK, -32600, "Batch"),
            (agent, """{"jsonrpc": "1.0", "id": 1, "method": "SendMessage", "params": {}}""", HttpStatusCode.OK, -32600, "jsonrpc"),
            (agent, """{"jsonrpc": "2.0", "method": "SendMessage", "params": {}}""", HttpStatusCode.OK, -32600, "id is required"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "message/sned", "params": {}}""", HttpStatusCode.OK, -32601, "message/sned"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "tasks/cancel", "params": {"id": "t"}}""", HttpStatusCode.OK, -32004, "not supported"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": []}""", HttpStatusCode.OK, -32602, "params must be an object"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {}}""", HttpStatusCode.OK, -32602, "params.message is required"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"role": "ROLE_USER", "parts": [{"text": "hi"}]}}}""", HttpStatusCode.OK, -32602, "messageId"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_AGENT", "parts": [{"text": "hi"}]}}}""", HttpStatusCode.OK, -32602, "ROLE_USER"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_USER", "parts": []}}}""", HttpStatusCode.OK, -32602, "parts"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"raw": "aGk="}]}}}""", HttpStatusCode.OK, -32602, "parts[0].raw"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "message/send", "params": {"message": {"kind": "message", "messageId": "m", "role": "user", "parts": [{"kind": "file", "file": {"bytes": "aGk="}}]}}}""", HttpStatusCode.OK, -32602, "uri"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"url": "not a url"}]}}}""", HttpStatusCode.OK, -32602, "absolute URL"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": "task-0000000000000000"}}""", HttpStatusCode.OK, -32001, "task-0000000000000000"),
            (agent, """{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {}}""", HttpStatusCode.OK, -32602, "params.id"),
            ("nobody", Valid, HttpStatusCode.NotFound, -32602, "No agent 'nobody'"),
        };

        foreach (var (target, body, expectedStatus, code, says) in cases)
        {
            var (status, answer, response) = await harness.CallAsync(target, body);
            response.Dispose();

            Assert.True(expectedStatus == status, $"{body}: {status}");
            var error = answer.GetProperty("error");
            Assert.True(code == error.GetProperty("code").GetInt32(), $"{body}: {answer}");
            Assert.Contains(says, error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("2.0", answer.GetProperty("jsonrpc").GetString());
        }

        var (noToken, _, r1) = await harness.CallAsync(agent, Valid, token: null);
        var (wrongToken, _, r2) = await harness.CallAsync(agent, Valid, token: "not-the-token");
        using var xml = await harness.Gateway.Http.SendAsync(Signing.BearerRequest($"/a2a/{agent}", Encoding.UTF8.GetBytes(Valid), GatewayHarness.PublishToken, "text/xml"), Cancellation);
        r1.Dispose();
        r2.Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Empty(Enumerable.Range(0, 3).SelectMany(p => TopicRecords.ReadAll(kafka.BootstrapServers, harness.Topics.A2aInbox(agent), p)));
    }

    [Fact]
    public async Task SendMessage_WhileBrokerStopped_503WithRetryAfter()
    {
        kafka.RequireEmbedded("stops a broker");
        var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("gw-a2a-broker"));
        await using var harness = await A2aHarness.StartAsync(broker.BootstrapServers, settings =>
        {
            settings["Ambient:Gateway:PublishTimeout"] = "00:00:02";
            settings["Ambient:Gateway:RetryAfter"] = "00:00:01";
        });
        await harness.PublishFakeCardAsync();

        await broker.DisposeAsync();
        var (status, body, response) = await harness.CallAsync(harness.FakeAgent,
            """{"jsonrpc": "2.0", "id": 9, "method": "SendMessage", "params": {"message": {"messageId": "m-down", "role": "ROLE_USER", "parts": [{"text": "hi"}]}}}""");
        using var _ = response;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(9, body.GetProperty("id").GetInt32());
        Assert.Contains("retry", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}

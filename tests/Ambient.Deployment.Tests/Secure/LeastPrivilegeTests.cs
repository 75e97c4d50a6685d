using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Images;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Deployment.Tests.Secure;

/// <summary>
/// Every component does its whole job as its own KafkaUser, and nothing more: the k8s Deployments, and the workers the
/// operator renders from k8s/agents, run as shipped against a broker enforcing strimzi/common/users.yaml and each worker's
/// rendered KafkaUser, whose ACLs are derived from its agent file (<see cref="SecureCluster"/>); each is refused what its
/// user must not do. A missing ACL fails the job; a too-wide one fails a refusal.
/// </summary>
public sealed class LeastPrivilegeTests(SecureCluster cluster) : IClassFixture<SecureCluster>
{
    private const string Gateway = "ambient-gateway";
    private const string Operator = "ambient-operator";
    private const string Executor = "ambient-executor";
    private const string SupervisorConsole = "ambient-console";

    [Fact]
    public async Task GitHubWebhook_BecomesATriageRunWithActions()
    {
        var cancellation = TestContext.Current.CancellationToken;

        using var response = await SendIssueOpenedAsync(Guid.NewGuid().ToString(), cancellation);
        await WaitForOutputAsync("ambient-worker-github-triage", "completed, 3 actions", cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// The triage agent's actions reach the executor, which (dry-run, as shipped) reads its ledger, writes it, and writes the
    /// outcome events and audit records, all as ambient-executor.
    /// </summary>
    [Fact]
    public async Task TriageActions_AreRecordedByTheExecutorAsItsUser()
    {
        var cancellation = TestContext.Current.CancellationToken;

        using var response = await SendIssueOpenedAsync(Guid.NewGuid().ToString(), cancellation);
        await WaitForOutputAsync("ambient-worker-github-triage", "completed, 3 actions", cancellation);
        var ledger = ExecutorRecords.FirstContaining(cluster.Config(new ConsumerConfig(), SecureCluster.Admin), "ambient.action-results", "\"state\":\"skipped\"");
        // The ledger is keyed by action id; the outcome event by the action's entity, naming the action in its data.
        var outcome = ExecutorRecords.FirstContaining(cluster.Config(new ConsumerConfig(), SecureCluster.Admin), "ambient.events.actions", $"\"actionId\":\"{ledger.Message.Key}\"");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("dry-run", Encoding.UTF8.GetString(ledger.Message.Value), StringComparison.Ordinal);
        Assert.Contains("\"state\":\"skipped\"", Encoding.UTF8.GetString(outcome.Message.Value), StringComparison.Ordinal);
        Assert.False(cluster.Running[Executor].HasExited, cluster.Running[Executor].Output);
        Assert.DoesNotContain("Authorization", cluster.Running[Executor].Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SlackClusterQuestion_DelegatedToIncidentResponderAndItsReplyReturns()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var body = (await File.ReadAllTextAsync(RepositoryFiles.PathOf("samples", "events", "slack-app-mention.json"), cancellation))
            .Replace("Ev0SAMPLE42", "Ev" + Guid.NewGuid().ToString("N")[..10], StringComparison.Ordinal);

        using var response = await SendSlackAsync(Encoding.UTF8.GetBytes(body), cancellation);
        // The incident responder answers the delegated question; slack-helper's run finishes only with that reply.
        await WaitForOutputAsync("ambient-worker-incident-responder", "on io.ambient.a2a.message: completed", cancellation);
        await WaitForOutputAsync("ambient-worker-slack-helper", "Routed a cluster question", cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Operator_ListsRunsLagRollsBackAndReplaysWithItsOwnUser()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var response = await SendIssueOpenedAsync(Guid.NewGuid().ToString(), cancellation);
        var triage = cluster.Running["ambient-worker-github-triage"];
        await WaitForOutputAsync("ambient-worker-github-triage", "completed, 3 actions", cancellation);
        var run = System.Text.RegularExpressions.Regex.Match(triage.Output, @"(github-triage-[0-9a-f]{16}) on com\.github\.issues\.opened").Groups[1].Value;

        var list = await OperatorAsync("runs", "list", "--agent", "github-triage");
        var lag = await OperatorAsync("lag", "--group", "ambient-agent-github-triage");
        var rollback = await OperatorAsync("runs", "rollback", run, "--to", "1", "--wait-seconds", "60");
        var replay = await OperatorAsync("replay", "--agent", "github-triage", "--from", "0", "--mode", "recorded", "--shadow", "--agents", "agents");

        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains(run, list.Output, StringComparison.Ordinal);
        Assert.True(lag.ExitCode == 0, lag.Output);
        Assert.True(rollback.ExitCode == 0, rollback.Output); // applied by the worker, through its control group
        Assert.True(replay.ExitCode == 0, replay.Output);
        Assert.Contains("Determinism check passed", replay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayRestart_RebuildsItsDeliveryMemoryAsItsUserAndBecomesReady()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var delivery = Guid.NewGuid().ToString();
        using var first = await SendIssueOpenedAsync(delivery, cancellation);
        var gateway = cluster.Running[Gateway];
        Assert.Equal(0, await gateway.StopAsync());

        var restarted = await ContainerProcess.StartAsync(gateway.Spec);
        cluster.Running[Gateway] = restarted;
        await gateway.DisposeAsync();
        await restarted.WaitUntilReadyAsync(cancellation);
        using var again = await SendIssueOpenedAsync(delivery, cancellation);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Gateway, "ambient.checkpoints")]
    [InlineData("ambient-worker-github-triage", "ambient.a2a.incident-responder")]
    [InlineData("ambient-worker-slack-helper", "ambient.events.github")]
    [InlineData(Executor, "ambient.actions.shadow")] // shadow actions are recorded, never executed
    [InlineData(Executor, "ambient.checkpoints")]
    [InlineData(Executor, "ambient.events.actions")] // it writes the outcomes, agents read them
    [InlineData("ambient-worker-github-triage", "ambient.audit")] // one agent's worker never reads what others decided
    [InlineData(Gateway, "ambient.agent.drift")]
    public void Read_TopicOutsideTheUsersJob_TopicAuthorizationFailed(string user, string topic)
    {
        var error = ReadError(user, topic);

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, error);
    }

    [Fact]
    public void Read_TopicOfTheUsersJob_Allowed()
    {
        Assert.Null(ReadError("ambient-worker-github-triage", "ambient.a2a.github-triage"));
        // The executor summarises each day of the audit onto the drift topic (docs/agent-health.md#drift).
        Assert.Null(ReadError(Executor, "ambient.audit"));
        Assert.Null(ReadError(Executor, "ambient.agent.drift"));
    }

    [Theory]
    [InlineData("ambient-worker-github-triage", "ambient-agent-incident-responder")]
    [InlineData("ambient-worker-github-triage", "ambient-control-incident-responder")]
    [InlineData(Gateway, "ambient-agent-github-triage")]
    [InlineData(Executor, "ambient-agent-github-triage")]
    [InlineData("ambient-worker-github-triage", "ambient-executor")]
    public void JoinGroup_OfAnotherComponent_GroupAuthorizationFailed(string user, string group)
    {
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, GroupError(user, group, "ambient.control"));
    }

    [Fact]
    public void JoinGroup_ApprovalNoticesAsTheExecutor_AllowedAndAsAWorker_GroupAuthorizationFailed()
    {
        // The executor posts approval requests to Slack from this group; nobody else may take its partitions over.
        Assert.Null(GroupError(Executor, "ambient-approval-notices", "ambient.approvals"));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, GroupError("ambient-worker-github-triage", "ambient-approval-notices", "ambient.approvals"));
    }

    [Theory]
    [InlineData(Gateway)]
    [InlineData("ambient-worker-github-triage")]
    [InlineData("ambient-worker-weekly-digest")]
    [InlineData(Executor)]
    public async Task WriteControl_AnyoneButTheOperator_TopicAuthorizationFailed(string user)
    {
        var error = await ProduceErrorAsync(user, "ambient.control");

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, error);
    }

    /// <summary>Only the executor writes what became of an action; no agent can forge an outcome or a ledger entry, and the executor proposes none.</summary>
    [Theory]
    [InlineData("ambient-worker-github-triage", "ambient.events.actions")]
    [InlineData("ambient-worker-github-triage", "ambient.action-results")]
    [InlineData(Gateway, "ambient.action-results")]
    [InlineData(Executor, "ambient.actions")]
    [InlineData("ambient-worker-github-triage", "ambient.agent.drift")]
    public async Task Write_ExecutorsTopicsByOthersOrActionsByTheExecutor_TopicAuthorizationFailed(string user, string topic)
    {
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync(user, topic));
    }

    /// <summary>
    /// The console reads what it shows and writes what its actions are (pauses, answers, rollbacks, its audit records);
    /// it cannot read the runs' audit, propose actions, or touch the budget ledger's requests.
    /// </summary>
    [Fact]
    public async Task Console_ReadsWhatItShowsAndWritesItsActions_NothingElse()
    {
        foreach (var topic in new[] { "ambient.checkpoints", "ambient.events.github", "ambient.action-results", "ambient.a2a.cards", "ambient.budget", "ambient.policy", "ambient.approvals" })
        {
            Assert.Null(ReadError("ambient-console", topic));
        }

        foreach (var topic in new[] { "ambient.policy", "ambient.approvals", "ambient.control", "ambient.audit" })
        {
            Assert.Null(await ProduceErrorAsync("ambient-console", topic));
        }

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ReadError("ambient-console", "ambient.audit"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ReadError("ambient-console", "ambient.control"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync("ambient-console", "ambient.actions"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync("ambient-console", "ambient.budget.requests"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync("ambient-console", "ambient.events.github"));
    }

    /// <summary>
    /// The console as shipped (k8s/console.yaml: its own KafkaUser, the token of its Secret): a page needs the token, the
    /// triage run is on <c>/runs</c>, and a pause taken on <c>/agents</c> is written, read back and lifted as ambient-console.
    /// </summary>
    [Fact]
    public async Task Console_ListsTheTriageRunAndPausesAnAgentAsItsUser()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var response = await SendIssueOpenedAsync(Guid.NewGuid().ToString(), cancellation);
        await WaitForOutputAsync("ambient-worker-github-triage", "completed, 3 actions", cancellation);
        var console = cluster.Running[SupervisorConsole];
        var token = cluster.Secrets["ambient-console-secrets/token"];
        using var script = ShippedConsole.Client(console, token);
        // An agent no worker runs: the pause holds nothing another test needs.
        const string Row = "<th scope=\"row\">console-probe</th><td>";

        await ShippedConsole.AssertSignInAndFindRunAsync(console, token, ShippedConsole.LastTriageRun(cluster.Running["ambient-worker-github-triage"].Output), cancellation);
        using var paused = await script.PostAsync("/agents/console-probe/pause", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "least-privilege test" }), cancellation);
        await Eventually.UntilAsync(async () => (await script.GetStringAsync("/agents", cancellation)).Contains(Row + "paused by console:operator-token", StringComparison.Ordinal), cancellation);
        using var resumed = await script.PostAsync("/agents/console-probe/resume", new FormUrlEncodedContent([]), cancellation);
        Assert.True(resumed.StatusCode == HttpStatusCode.Redirect, $"{resumed.StatusCode}: {await resumed.Content.ReadAsStringAsync(cancellation)}\n{console.Output}");
        await Eventually.UntilAsync(async () => !(await script.GetStringAsync("/agents", cancellation)).Contains(Row + "paused", StringComparison.Ordinal), cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.False(console.HasExited, console.Output);
    }

    /// <summary>
    /// The Agent operator as shipped (k8s/operator.yaml, as its own KafkaUser ambient-agent-operator) against a fake API
    /// server: it renders the shipped github-triage Agent, fills its status from the run heads and the lag of the worker's
    /// group, and pauses an agent no worker runs through the kill switch, and lifts the pause.
    /// </summary>
    [Fact]
    public async Task AgentOperator_ReportsTheTriageAgentsRunAndLagAndPausesThroughTheKillSwitchAsItsUser()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var response = await SendIssueOpenedAsync(Guid.NewGuid().ToString(), cancellation);
        await WaitForOutputAsync("ambient-worker-github-triage", "completed, 3 actions", cancellation);
        using var kubectl = new HttpClient { BaseAddress = new Uri(cluster.KubernetesApi.Url) };
        var triage = ManifestSet.Single("Agent", "github-triage").Body.DeepClone().AsObject();
        triage["metadata"]!["namespace"] = "ambient";
        var probe = triage.DeepClone().AsObject();
        probe["metadata"]!["name"] = "operator-probe";

        await ApplyAsync(kubectl, triage, cancellation);
        var status = await Eventually.ReadAsync(() => cluster.KubernetesApi.Get("/apis/ambient.io/v1alpha1/namespaces/ambient/agents/github-triage")?["status"],
            s => s?["lag"] is not null && s["lastRun"] is not null, cancellation);
        probe["spec"]!["paused"] = true;
        await ApplyAsync(kubectl, probe, cancellation);
        await Eventually.UntilAsync(() => Condition("operator-probe", "Paused")?["reason"]?.ToString() == "SpecPaused", cancellation);
        probe["spec"]!["paused"] = false;
        await ApplyAsync(kubectl, probe, cancellation);
        await Eventually.UntilAsync(() => Condition("operator-probe", "Paused")?["status"]?.ToString() == "False", cancellation);

        Assert.NotNull(cluster.KubernetesApi.Get("/apis/apps/v1/namespaces/ambient/deployments/ambient-worker-github-triage"));
        Assert.Equal("offline", (string?)status!["model"]);
        Assert.True((long)status["runsToday"]! >= 1, status.ToJsonString());
        Assert.False(cluster.Running[KubernetesContainers.OperatorDeployment].HasExited, cluster.Running[KubernetesContainers.OperatorDeployment].Output);
    }

    private JsonObject? Condition(string agent, string type) =>
        (cluster.KubernetesApi.Get($"/apis/ambient.io/v1alpha1/namespaces/ambient/agents/{agent}")?["status"]?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);

    // kubectl apply --server-side of an Agent.
    private static async Task ApplyAsync(HttpClient kubectl, JsonObject agent, CancellationToken cancellation)
    {
        using var content = new StringContent(agent.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml");
        using var applied = await kubectl.PatchAsync($"/apis/ambient.io/v1alpha1/namespaces/ambient/agents/{agent["metadata"]!["name"]}?fieldManager=kubectl", content, cancellation);
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync(cancellation));
    }

    /// <summary>Workers announce their agent's health (docs/agent-health.md#health-events); nobody else may speak for an agent.</summary>
    [Fact]
    public async Task WriteAgentEvents_AWorkerMay_TheGatewayAndTheExecutorMayNot()
    {
        Assert.Null(await ProduceErrorAsync("ambient-worker-incident-responder", "ambient.events.agents"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync(Gateway, "ambient.events.agents"));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, await ProduceErrorAsync(Executor, "ambient.events.agents"));
    }

    [Fact]
    public async Task Connect_WrongPassword_AuthenticationFails()
    {
        var failed = new TaskCompletionSource<Error>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var admin = new AdminClientBuilder(cluster.Config(new AdminClientConfig(), Gateway, password: "not-the-password"))
            .SetErrorHandler((_, error) => failed.TrySetResult(error)).Build();

        Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(10)));
        var error = await failed.Task.WaitAsync(Eventually.Limit, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.Local_Authentication, error.Code);
    }

    /// <summary>
    /// Reads as a reader does (assigned partition, reader group): the topic's metadata error when the user may not even
    /// describe it (librdkafka then waits silently for the topic), else the first error fetching, or null.
    /// </summary>
    private ErrorCode? ReadError(string user, string topic)
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<ErrorCode>();
        var config = new ConsumerConfig { GroupId = KafkaClientConfigs.ReaderGroupPrefix + Guid.NewGuid().ToString("N"), EnableAutoCommit = false, EnablePartitionEof = true };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(cluster.Config(config, user)).SetErrorHandler((_, e) => errors.Enqueue(e.Code)).Build();
        using (var metadata = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            if (metadata.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Error is { IsError: true } refused)
            {
                return refused.Code;
            }
        }

        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return FirstError(consumer, errors);
    }

    private ErrorCode? GroupError(string user, string group, string topic)
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<ErrorCode>();
        var config = new ConsumerConfig { GroupId = group, EnableAutoCommit = false, EnablePartitionEof = true };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(cluster.Config(config, user)).SetErrorHandler((_, e) => errors.Enqueue(e.Code)).Build();
        consumer.Subscribe(topic);
        return FirstError(consumer, errors);
    }

    /// <summary>
    /// The first error consuming gives (thrown by Consume, or reported to the error handler: librdkafka reports a
    /// refused ListOffsets of an assigned partition there), or null once a record or a partition's end came without one.
    /// </summary>
    private static ErrorCode? FirstError(IConsumer<Ignore, Ignore> consumer, System.Collections.Concurrent.ConcurrentQueue<ErrorCode> errors)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Eventually.Limit)
        {
            if (errors.TryDequeue(out var reported))
            {
                return reported;
            }

            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is not null)
                {
                    return null;
                }
            }
            catch (ConsumeException ex)
            {
                return ex.Error.Code;
            }
        }

        return null;
    }

    private async Task<ErrorCode?> ProduceErrorAsync(string user, string topic)
    {
        using var producer = new ProducerBuilder<string, string>(cluster.Config(new ProducerConfig { MessageTimeoutMs = 20_000 }, user)).Build();
        try
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "least-privilege-test", Value = "{}" });
            return null;
        }
        catch (ProduceException<string, string> ex)
        {
            return ex.Error.Code;
        }
    }

    private async Task<(int ExitCode, string Output)> OperatorAsync(params string[] arguments)
    {
        var environment = cluster.ClientEnvironment(Operator);
        var spec = new ContainerSpec("operator", "docker/cli.Dockerfile", environment, [.. arguments, "--bootstrap", cluster.BootstrapServers], new Dictionary<string, string>(), null);
        await using var process = await ContainerProcess.StartAsync(spec);
        var exitCode = await process.WaitForExitAsync();
        return (exitCode, $"ambient {string.Join(' ', arguments)} exited {exitCode}:\n{process.Output}");
    }

    private async Task WaitForOutputAsync(string deployment, string text, CancellationToken cancellation)
    {
        try
        {
            await Eventually.UntilAsync(() => cluster.Running[deployment].Output.Contains(text, StringComparison.Ordinal), cancellation);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{deployment} never printed \"{text}\":\n{cluster.Running[deployment].Output}");
        }
    }

    private async Task<HttpResponseMessage> SendIssueOpenedAsync(string delivery, CancellationToken cancellation)
    {
        var body = await File.ReadAllBytesAsync(RepositoryFiles.PathOf("samples", "events", "github-issue-opened.json"), cancellation);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", delivery);
        var secret = cluster.Secrets["ambient-gateway-secrets/github-secret"];
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return await SendAsync(request, cancellation);
    }

    private async Task<HttpResponseMessage> SendSlackAsync(byte[] body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/slack") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var secret = cluster.Secrets["ambient-gateway-secrets/slack-signing-secret"];
        var signed = Encoding.UTF8.GetBytes($"v0:{timestamp.ToString(CultureInfo.InvariantCulture)}:").Concat(body).ToArray();
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        return await SendAsync(request, cancellation);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Running[Gateway].Spec.HttpPort}") };
        return await http.SendAsync(request, cancellation);
    }
}

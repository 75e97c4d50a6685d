using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ambient.Testing;
using Ambient.Executor.Ledger;
using Ambient.Kafka.Configuration;

namespace Ambient.Cli.Tests;

/// <summary><c>ambient up</c> as a user runs it: broker, topics and worker, then an event published with <c>ambient publish</c>.</summary>
public sealed class UpCommandTests
{
    [Fact]
    public async Task Up_ThenPublishSampleIssue_WorkerProposesTriageActionsAndStopsCleanly()
    {
        var workDirectory = TestDirectories.Create("cli-up");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "agents"), Path.Combine(workDirectory, "agents"));
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json");
        var port = FreePort();
        var consolePort = FreePort();
        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--listen", $"127.0.0.1:{port}", "--http-port", FreePort().ToString(CultureInfo.InvariantCulture),
            "--console-port", consolePort.ToString(CultureInfo.InvariantCulture));
        await up.WaitUntilReadyAsync();

        using var publish = AmbientProcess.Start(workDirectory, "Published", "publish", "--bootstrap", $"127.0.0.1:{port}",
            "--topic", "ambient.events.github", "--type", "com.github.issues.opened", "--source", "https://github.com/acme/shop",
            "--subject", "acme/shop#42", "--key", "github:acme/shop#42", "--data", "@" + sample);
        var published = await publish.WaitForExitAsync();
        await Eventually.UntilAsync(() => up.Output.Contains("on com.github.issues.opened: completed, 3 actions", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var run = Regex.Match(up.Output, @"github-triage (github-triage-[0-9a-f]{16}) on com\.github\.issues\.opened").Groups[1].Value;
        var bootstrap = $"127.0.0.1:{port}";
        var (listed, list) = await TopicsCommandTests.RunAsync(workDirectory, "runs", "list", "--agent", "github-triage", "--bootstrap", bootstrap);
        var (shown, show) = await TopicsCommandTests.RunAsync(workDirectory, "runs", "show", run, "--bootstrap", bootstrap);
        var (replayed, replay) = await TopicsCommandTests.RunAsync(workDirectory, "replay", "--agent", "github-triage", "--from", "0", "--mode", "recorded", "--shadow",
            "--agents", Path.Combine(workDirectory, "agents"), "--bootstrap", bootstrap);
        // The console `up` started, with the token it printed: the run is on its list; without the token, nothing.
        var token = Regex.Match(up.Output, $@"console  http://127\.0\.0\.1:{consolePort}   token (dev-[0-9a-f]{{32}})").Groups[1].Value;
        using var consoleClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{consolePort}") };
        using var refused = await consoleClient.GetAsync("/runs", TestContext.Current.CancellationToken);
        consoleClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var consoleRuns = await consoleClient.GetStringAsync("/runs", TestContext.Current.CancellationToken);
        var exitCode = await up.TerminateAsync();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains($"<td><a href=\"/runs/{run}\">{run}</a></td><td>github-triage</td>", consoleRuns, StringComparison.Ordinal);
        Assert.True((listed, shown, replayed) == (0, 0, 0), $"runs list:\n{list}\nruns show:\n{show}\nreplay:\n{replay}");
        Assert.Matches($@"{run}\s+succeeded\s+4 finish", list);
        Assert.Contains("1 runs", list, StringComparison.Ordinal);
        Assert.Matches(@"2 act\s+running", show);
        Assert.Contains($"action {run}/2/0 github add_labels", show, StringComparison.Ordinal);
        Assert.Contains("Determinism check passed", replay, StringComparison.Ordinal);
        Assert.Contains("actions to ambient.actions.shadow", replay, StringComparison.Ordinal);
        Assert.Equal(0, published);
        Assert.Contains("github-triage", up.Output, StringComparison.Ordinal);
        Assert.Contains("Triaged acme/shop#42 as a documentation fix", up.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// The executor runs beside the worker: the triage actions get a dry-run <c>skipped</c> entry in its ledger and an outcome
    /// event, and its targets' modes come from the environment as the executable's do.
    /// </summary>
    [Fact]
    public async Task Up_ThenPublishSampleIssue_ExecutorRecordsTheActionsDryRun()
    {
        var workDirectory = TestDirectories.Create("cli-up-executor");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "agents"), Path.Combine(workDirectory, "agents"));
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json");
        var bootstrap = $"127.0.0.1:{FreePort()}";
        // A mode from the environment: the executor reads it, and no Slack action is proposed here, so nothing is sent.
        var environment = new Dictionary<string, string> { ["Ambient__Executors__Slack__Mode"] = "apply" };
        using var up = AmbientProcess.Start(environment, workDirectory, "Press Ctrl+C to stop.", "up", "--listen", bootstrap,
            "--http-port", FreePort().ToString(CultureInfo.InvariantCulture), "--console-port", "0");
        await up.WaitUntilReadyAsync();

        using var publish = AmbientProcess.Start(workDirectory, "Published", "publish", "--bootstrap", bootstrap,
            "--topic", "ambient.events.github", "--type", "com.github.issues.opened", "--source", "https://github.com/acme/shop",
            "--subject", "acme/shop#42", "--key", "github:acme/shop#42", "--data", "@" + sample);
        var published = await publish.WaitForExitAsync();
        await Eventually.UntilAsync(() => up.Output.Contains("on com.github.issues.opened: completed, 3 actions", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var ledger = FirstContaining(bootstrap, "ambient.action-results", "\"state\":\"skipped\"");
        var outcome = FirstContaining(bootstrap, "ambient.events.actions", "\"state\":\"skipped\"");
        var run = Regex.Match(up.Output, @"github-triage (github-triage-[0-9a-f]{16}) on com\.github\.issues\.opened").Groups[1].Value;
        await Eventually.UntilAsync(() => LedgerEntries(bootstrap, run) >= 3, TestContext.Current.CancellationToken);
        var (shown, show) = await TopicsCommandTests.RunAsync(workDirectory, "runs", "show", run, "--bootstrap", bootstrap);
        var exitCode = await up.TerminateAsync();

        Assert.True(shown == 0, show);
        Assert.Matches($@"action {Regex.Escape(run)}/2/0 github add_labels .*\n\s+-> skipped: dry-run: would send POST /repos/acme/shop/issues/42/labels", show);

        Assert.Equal(0, published);
        Assert.Contains("executor github=dry-run, slack=apply, kubernetes=dry-run", up.Output, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"github\"", ledger, StringComparison.Ordinal);
        Assert.Contains("dry-run: would send", ledger, StringComparison.Ordinal);
        Assert.Contains("\"agent\":\"github-triage\"", outcome, StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"ambient up exited with {exitCode}:\n{up.Output}");
    }

    [Fact]
    public async Task Up_SignedGitHubWebhookToGateway_WorkerTriagesIt()
    {
        var workDirectory = TestDirectories.Create("cli-up-gateway");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "agents"), Path.Combine(workDirectory, "agents"));
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json"), TestContext.Current.CancellationToken);
        var httpPort = FreePort();
        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--listen", $"127.0.0.1:{FreePort()}", "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--console-port", "0");
        await up.WaitUntilReadyAsync();
        var secret = Regex.Match(up.Output, @"GitHub webhook secret\s+(dev-[0-9a-f]+)").Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await Eventually.UntilAsync(() => http.GetAsync("/readyz").GetAwaiter().GetResult().IsSuccessStatusCode, TestContext.Current.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(() => up.Output.Contains("on com.github.issues.opened: completed, 3 actions", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var exitCode = await up.TerminateAsync();

        Assert.StartsWith("dev-", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(exitCode == 0, $"ambient up exited with {exitCode}:\n{up.Output}");
    }

    [Fact]
    public async Task Up_InvalidAgentFile_ExitsNamingFileLineAndField()
    {
        var workDirectory = TestDirectories.Create("cli-up-bad");
        Directory.CreateDirectory(Path.Combine(workDirectory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(workDirectory, "agents", "broken.yaml"), "name: broken\nowner: team-test\nsubscriptions:\n  - topic: github\nsystemPrompt: x\nlimits:\n  timeoutSeconds: soon\n", TestContext.Current.CancellationToken);

        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--listen", $"127.0.0.1:{FreePort()}");
        var exitCode = await up.WaitForExitAsync();

        Assert.Equal(6, exitCode);
        Assert.Contains("broken.yaml:7:19: limits.timeoutSeconds must be a positive integer, got 'soon'", up.Output, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>The value of the first record of <paramref name="topic"/> containing <paramref name="text"/>, read from the start in a group of its own.</summary>
    private static string FirstContaining(string bootstrap, string topic, string text)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, byte[]>(new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Eventually.Limit)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message.Value: { } value } && Encoding.UTF8.GetString(value) is var decoded
                && decoded.Contains(text, StringComparison.Ordinal))
            {
                return decoded;
            }
        }

        throw new TimeoutException($"No record containing {text} on {topic} within {Eventually.Limit.TotalSeconds} s.");
    }

    private static int LedgerEntries(string bootstrap, string run) =>
        LedgerReader.ForRun(new AmbientKafkaOptions { BootstrapServers = bootstrap }, "ambient.action-results", run, CancellationToken.None).Values.Count(e => LedgerStates.IsFinal(e.State));

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

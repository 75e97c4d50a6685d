using Ambient.Executor.Execution;
using Ambient.Executor.Ledger;
using Ambient.Executor.Targets;
using Ambient.Executor.Tests.Execution;
using Ambient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Executor.Tests.Mcp;

/// <summary>
/// Effect tools of an MCP server (the test server as a real stdio process) applied by the executor: once per action,
/// with the action id as the idempotency key, refusals recorded as failed, and an interrupted call never sent twice
/// unless the server is trusted with the key.
/// </summary>
public sealed class McpTargetTests(KafkaFixture kafka) : IDisposable
{
    private readonly McpServerFiles _server = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_APageDeliveredTwice_CallsTheToolOnceWithTheActionIdAsItsKey()
    {
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(_server.Settings(more: ("Scopes:responder:0", "page_*")));
        var page = ExecutorHarness.Action("run-p/act/0", "page_oncall", new { team = "sre", reason = "checkout is down" }, agent: "responder", target: "mcp:runbooks");

        await executor.PublishAsync(page, key: "checkout");
        await executor.PublishAsync(page, key: "checkout");
        var entry = await executor.FinalEntryAsync(page.Id);
        await Eventually.UntilAsync(() => executor.Records(executor.Topics.ActionEvents).Count >= 1, Cancellation);
        await executor.StopAsync();

        Assert.Equal(LedgerStates.Applied, entry.State);
        Assert.Equal(["page_oncall sre run-p/act/0"], _server.Calls());
    }

    [Fact]
    public async Task Scope_AToolOutsideTheAgentsGlobs_IsRefusedAndTheServerIsNotCalled()
    {
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(_server.Settings(more: ("Scopes:responder:0", "lookup_*")));
        var page = ExecutorHarness.Action("run-q/act/0", "page_oncall", new { team = "sre", reason = "x" }, agent: "responder", target: "mcp:runbooks");

        await executor.PublishAsync(page, key: "checkout");
        var entry = await executor.FinalEntryAsync(page.Id);

        Assert.Equal(LedgerStates.Skipped, entry.State);
        Assert.Contains("'page_oncall' is outside the scope of agent 'responder' on mcp:runbooks (lookup_*)", entry.Reason, StringComparison.Ordinal);
        Assert.Empty(_server.Calls());
    }

    [Fact]
    public async Task Interrupted_ACallThatNeverAnswers_IsRecordedFailedAndNotSentAgain()
    {
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync([.. _server.Settings(more: ("CallTimeout", "00:00:02")), ("Ambient:Executors:RetryDelay", "00:00:00.200")]);
        var hang = ExecutorHarness.Action("run-h/act/0", "hang", new { }, target: "mcp:runbooks");

        await executor.PublishAsync(hang, key: "checkout");
        var entry = await executor.FinalEntryAsync(hang.Id);

        Assert.Equal(LedgerStates.Failed, entry.State);
        Assert.False(entry.Retryable);
        Assert.Contains("was interrupted and may have taken effect; it is not sent again", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(["hang"], _server.Calls());
    }

    [Fact]
    public async Task Target_ToolErrorsAndRejectionsAreFailuresAndACrashIsAnInterruption()
    {
        await using var provider = Provider(_server.Settings());
        var target = Assert.Single(provider.GetServices<IActionTarget>(), t => t.Name == "mcp:runbooks");

        var failing = await target.ApplyAsync(ExecutorHarness.Action("a/act/0", "failing", new { }, target: "mcp:runbooks"), ApplyContext.None, Cancellation);
        var unknown = await target.ApplyAsync(ExecutorHarness.Action("a/act/1", "secret_tool_that_is_not_there", new { }, target: "mcp:runbooks"), ApplyContext.None, Cancellation);
        var crash = await target.ApplyAsync(ExecutorHarness.Action("a/act/2", "crash", new { }, target: "mcp:runbooks"), ApplyContext.None, Cancellation);
        var found = await target.FindAsync(ExecutorHarness.Action("a/act/2", "crash", new { }, target: "mcp:runbooks"), ApplyContext.None, Cancellation);

        Assert.Equal((TargetOutcomeKind.Failed, "runbook store is down"), (failing.Kind, failing.Reason));
        Assert.Equal(TargetOutcomeKind.Failed, unknown.Kind);
        Assert.Contains("rejected secret_tool_that_is_not_there", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal((TargetOutcomeKind.Retry, false), (crash.Kind, crash.NothingSent));
        Assert.Equal(TargetOutcomeKind.Failed, found!.Kind);
        Assert.Equal(["failing", "crash"], _server.Calls());
    }

    [Fact]
    public async Task Target_TrustedWithTheKey_RepeatsAnInterruptedCall()
    {
        await using var provider = Provider(_server.Settings(more: ("RepeatInterrupted", "true")));
        var target = Assert.Single(provider.GetServices<IActionTarget>());

        Assert.Null(await target.FindAsync(ExecutorHarness.Action("a/act/0", "page_oncall", new { }, target: "mcp:runbooks"), ApplyContext.None, Cancellation));
    }

    [Fact]
    public async Task Target_AServerThatCannotStart_IsUnreachedSoItsActionIsRetriedWithoutDoubt()
    {
        await using var provider = Provider([("Ambient:Executors:Mcp:gone:Command:0", "/nonexistent/mcp-server")]);
        var target = Assert.Single(provider.GetServices<IActionTarget>());

        var outcome = await target.ApplyAsync(ExecutorHarness.Action("a/act/0", "page_oncall", new { team = "sre" }, target: "mcp:gone"), ApplyContext.None, Cancellation);

        Assert.Equal((TargetOutcomeKind.Retry, true), (outcome.Kind, outcome.NothingSent));
        Assert.Contains("MCP server 'gone'", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Target_MalformedActions_AreFormatErrorsAndDryRunDescribesTheCall()
    {
        await using var provider = Provider(_server.Settings());
        var target = Assert.Single(provider.GetServices<IActionTarget>());

        Assert.Throws<ActionFormatException>(() => target.ScopeOf(ExecutorHarness.Action("a/act/0", "runbooks.page_oncall", new { }, target: "mcp:runbooks")));
        Assert.Throws<ActionFormatException>(() => target.ScopeOf(ExecutorHarness.Action("a/act/0", "page_oncall", new[] { 1 }, target: "mcp:runbooks")));
        Assert.Equal("tools/call page_oncall to MCP server runbooks with {\"team\":\"sre\"}",
            target.Describe(ExecutorHarness.Action("a/act/0", "page_oncall", new { team = "sre" }, target: "mcp:runbooks"), ApplyContext.None));
    }

    [Theory]
    [InlineData("Url", "http://127.0.0.1:1/mcp", "needs exactly one of Command")]
    [InlineData("CallTimeout", "00:00:00", "CallTimeout must be positive")]
    public void Settings_ThatCannotWork_StopTheStartNamingTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Provider([.. _server.Settings(), ($"Ambient:Executors:Mcp:runbooks:{key}", value)]));

        Assert.Contains("Ambient:Executors:Mcp:runbooks", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_AnMcpTargetsModeAndScopesAreReadFromItsServersSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Ambient:Executors:Mcp:runbooks:Mode", "apply")]).Build();

        Assert.True(TargetPolicy.Read(configuration, "mcp:runbooks").Apply);
        Assert.False(TargetPolicy.Read(configuration, "mcp:other").Apply);
    }

    public void Dispose() => _server.Dispose();

    private static ServiceProvider Provider((string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddAmbientMcpTargets(configuration);
        return services.BuildServiceProvider();
    }
}

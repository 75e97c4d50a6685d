using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Mcp.Tests;

public sealed class McpToolHostRobustnessTests
{
    [Fact]
    public async Task InvokeAsync_ServerCrashesMidCall_FailsThatCallThenRestartsAfterBackoff()
    {
        using var server = new TestServer();
        var time = new FakeTimeProvider();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, time);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("crash", "lookup_runbook"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var lookup = tools.Named("runbooks.lookup_runbook");

        var crashed = await tools.Named("runbooks.crash").InvokeAsync(Calls.With("{}"), TestContext.Current.CancellationToken);
        var backingOff = await lookup.InvokeAsync(Calls.With("""{"alert":"A"}"""), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        var restarted = await lookup.InvokeAsync(Calls.With("""{"alert":"A"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Failed, crashed.Kind);
        Assert.StartsWith("MCP server 'runbooks' exited during crash (exited with code 3)", crashed.Text, StringComparison.Ordinal);
        Assert.Equal(ToolResultKind.Failed, backingOff.Kind);
        Assert.Contains("'runbooks' is unavailable (exited with code 3); the next start is tried in 1 s", backingOff.Text, StringComparison.Ordinal);
        Assert.Equal(ToolResultKind.Content, restarted.Kind);
        Assert.Equal(2, server.Pids().Distinct().Count());
    }

    [Fact]
    public async Task InvokeAsync_ServerHangs_FailsAfterTheCallTimeoutAndTheNextCallIsServed()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("hang", "echo_text"))], TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var hung = await tools.Named("runbooks.hang").InvokeAsync(Calls.With("{}"), TestContext.Current.CancellationToken);
        var next = await Eventually.ReturnsAsync(
            () => tools.Named("runbooks.echo_text").InvokeAsync(Calls.With("""{"text":"still there"}"""), TestContext.Current.CancellationToken),
            r => r.Kind == ToolResultKind.Content,
            TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Failed, hung.Kind);
        Assert.Equal("MCP server 'runbooks' did not answer hang within 2 s.", hung.Text);
        Assert.Equal("echo:\nstill there", next.Text);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("hang"))], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tools.Named("runbooks.hang").InvokeAsync(Calls.With("{}"), caller.Token));
    }

    [Fact]
    public async Task StartAsync_CommandDoesNotExist_ReturnsToolsWhoseCallsFailClearly()
    {
        var spec = new McpServerSpec(
            "runbooks", ["/nonexistent/ambient-mcp-server"], Url: null, new Dictionary<string, string>(), Calls.Reads("lookup_runbook"));
        var logs = new CapturingLoggerProvider();
        await using var host = new McpToolHost(logs, TimeProvider.System);

        var tools = await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var result = await tools.Named("runbooks.lookup_runbook").InvokeAsync(Calls.With("""{"alert":"A"}"""), TestContext.Current.CancellationToken);

        Assert.Equal("(not listed by MCP server runbooks)", Assert.Single(tools).Descriptor.Description);
        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.StartsWith("MCP server 'runbooks'", result.Text, StringComparison.Ordinal);
        Assert.Contains("could not start", result.Text, StringComparison.Ordinal);
        Assert.Contains(logs.Records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("could not be reached at start", StringComparison.Ordinal));
    }
}

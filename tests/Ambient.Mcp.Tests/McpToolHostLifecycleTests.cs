using System.Diagnostics;
using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Mcp.Tests;

public sealed class McpToolHostLifecycleTests
{
    [Fact]
    public async Task DisposeAsync_StopsTheServerProcess()
    {
        using var server = new TestServer();
        var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("echo_text"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var pid = Assert.Single(server.Pids());
        Assert.True(IsRunning(pid));

        await host.DisposeAsync();

        Assert.True(await Eventually.HoldsAsync(() => !IsRunning(pid), TestContext.Current.CancellationToken), $"server process {pid} is still running");
    }

    [Fact]
    public async Task DisposeAsync_DuringAHungCall_StopsTheServerAndFailsTheCall()
    {
        using var server = new TestServer();
        var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("hang"))], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var call = tools.Named("runbooks.hang").InvokeAsync(Calls.With("{}"), TestContext.Current.CancellationToken);
        Assert.True(await Eventually.HoldsAsync(() => server.Calls().Contains("hang"), TestContext.Current.CancellationToken));
        var pid = Assert.Single(server.Pids());

        await host.DisposeAsync();
        var result = await call;

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.True(await Eventually.HoldsAsync(() => !IsRunning(pid), TestContext.Current.CancellationToken), $"server process {pid} is still running");
    }

    [Fact]
    public async Task StartAsync_SameAgentTwice_StartsTheServerOnce()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var spec = server.Spec("runbooks", Calls.Reads("echo_text"));

        await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var tools = await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var result = await tools.Named("runbooks.echo_text").InvokeAsync(Calls.With("""{"text":"x"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Content, result.Kind);
        Assert.Single(server.Pids());
    }

    [Fact]
    public async Task InvokeAsync_Calls_LogNothingAboveDebugAndServerStderrAtDebug()
    {
        using var server = new TestServer();
        var logs = new CapturingLoggerProvider();
        await using var host = new McpToolHost(logs, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("echo_text"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(await Eventually.HoldsAsync(() => logs.Records.Any(r => r.Message.Contains("test server started", StringComparison.Ordinal)), TestContext.Current.CancellationToken));
        logs.Clear();

        for (var i = 0; i < 3; i++)
        {
            await tools.Named("runbooks.echo_text").InvokeAsync(Calls.With("""{"text":"x"}"""), TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(logs.Records, r => r.Level >= LogLevel.Information);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

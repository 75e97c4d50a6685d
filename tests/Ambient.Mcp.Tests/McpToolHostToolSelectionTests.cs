using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Mcp.Tests;

public sealed class McpToolHostToolSelectionTests
{
    [Fact]
    public async Task InvokeAsync_EffectTool_ReturnsActionAndNeverReachesTheServer()
    {
        using var server = new TestServer();
        var spec = server.Spec("runbooks", new Dictionary<string, ToolKind> { ["page_oncall"] = ToolKind.Effect });
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var page = tools.Named("runbooks.page_oncall");

        var result = await page.InvokeAsync(Calls.With("""{"team":"payments","reason":"checkout errors"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(ToolKind.Effect, page.Descriptor.Kind);
        Assert.Equal(ToolResultKind.Action, result.Kind);
        Assert.Equal("mcp:runbooks", result.Target);
        Assert.Equal("page_oncall", result.Operation);
        Assert.Equal("payments", result.Arguments!.Value.GetProperty("team").GetString());
        Assert.Equal("call page_oncall on MCP server runbooks", result.Text);
        Assert.Empty(server.Calls());
    }

    [Fact]
    public async Task StartAsync_AdvertisedButUnlistedTool_IsNotReturned()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);

        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("lookup_runbook", "echo_text"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["runbooks.echo_text", "runbooks.lookup_runbook"], tools.Select(t => t.Descriptor.Name).Order());
    }

    [Fact]
    public async Task StartAsync_ListedButNotAdvertisedTool_GetsAPlaceholderAndWarnsOnce()
    {
        using var server = new TestServer();
        var logs = new CapturingLoggerProvider();
        await using var host = new McpToolHost(logs, TimeProvider.System);

        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("restart_pod"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var descriptor = Assert.Single(tools).Descriptor;
        Assert.Equal("(not listed by MCP server runbooks)", descriptor.Description);
        Assert.Equal("object", descriptor.Parameters.GetProperty("type").GetString());
        Assert.Single(logs.Records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("restart_pod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_InvalidToolName_ThrowsBeforeStartingAnything()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("lookup-runbook"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Empty(server.Pids());
    }
}

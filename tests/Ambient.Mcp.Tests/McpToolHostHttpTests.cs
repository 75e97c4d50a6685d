using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Mcp.Tests;

public sealed class McpToolHostHttpTests
{
    [Fact]
    public async Task InvokeAsync_StreamableHttpServer_ReadsAndReconnectsAfterTheServerRestarts()
    {
        using var files = new TestServer();
        var port = HttpServerProcess.FreePort();
        var spec = new McpServerSpec(
            "runbooks", [], HttpServerProcess.Endpoint(port), new Dictionary<string, string>(),
            new Dictionary<string, ToolKind> { ["lookup_runbook"] = ToolKind.Read, ["page_oncall"] = ToolKind.Effect });
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var call = Calls.With("""{"alert":"PodOOMKilled"}""");
        IReadOnlyList<IAmbientTool> tools;
        ToolResult first, effect;
        await using (await HttpServerProcess.StartAsync(files, port, TestContext.Current.CancellationToken))
        {
            tools = await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            first = await tools.Named("runbooks.lookup_runbook").InvokeAsync(call, TestContext.Current.CancellationToken);
            effect = await tools.Named("runbooks.page_oncall").InvokeAsync(Calls.With("""{"team":"payments"}"""), TestContext.Current.CancellationToken);
        }

        var down = await tools.Named("runbooks.lookup_runbook").InvokeAsync(call, TestContext.Current.CancellationToken);
        await using var restarted = await HttpServerProcess.StartAsync(files, port, TestContext.Current.CancellationToken);
        var back = await Eventually.ReturnsAsync(
            () => tools.Named("runbooks.lookup_runbook").InvokeAsync(call, TestContext.Current.CancellationToken),
            r => r.Kind == ToolResultKind.Content,
            TestContext.Current.CancellationToken);

        Assert.Equal("PodOOMKilled", first.Json!.Value.GetProperty("alert").GetString());
        Assert.Equal(ToolResultKind.Action, effect.Kind);
        Assert.Equal("mcp:runbooks", effect.Target);
        Assert.Equal(ToolResultKind.Failed, down.Kind);
        Assert.StartsWith("MCP server 'runbooks'", down.Text, StringComparison.Ordinal);
        Assert.Equal(ToolResultKind.Content, back.Kind);
        Assert.DoesNotContain("page_oncall", files.Calls());
    }
}

using System.Text.Json;
using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Mcp.Tests;

public sealed class McpToolHostReadTests
{
    [Fact]
    public async Task StartAsync_ListedTools_DescribesThemFromTheServer()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);

        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("lookup_runbook"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var descriptor = Assert.Single(tools).Descriptor;
        Assert.Equal("runbooks.lookup_runbook", descriptor.Name);
        Assert.Equal(ToolKind.Read, descriptor.Kind);
        Assert.Contains("runbook", descriptor.Description, StringComparison.Ordinal);
        Assert.Equal("string", descriptor.Parameters.GetProperty("properties").GetProperty("alert").GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvokeAsync_StructuredContent_ReturnsJson()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("lookup_runbook"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var result = await tools.Named("runbooks.lookup_runbook").InvokeAsync(Calls.With("""{"alert":"PodOOMKilled"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = Assert.NotNull(result.Json);
        Assert.Equal("PodOOMKilled", json.GetProperty("alert").GetString());
        Assert.Equal("check the pod's previous logs", json.GetProperty("steps")[0].GetString());
        Assert.Equal(["lookup_runbook"], server.Calls());
    }

    [Fact]
    public async Task InvokeAsync_EnvironmentFromSpec_ReachesTheServer()
    {
        using var server = new TestServer();
        await File.WriteAllLinesAsync(Path.Combine(server.Directory, "DiskFull.md"), ["delete old snapshots", "grow the volume"], TestContext.Current.CancellationToken);
        var spec = server.Spec("runbooks", Calls.Reads("lookup_runbook"), new Dictionary<string, string> { ["RUNBOOKS_DIR"] = server.Directory });
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [spec], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var result = await tools.Named("runbooks.lookup_runbook").InvokeAsync(Calls.With("""{"alert":"DiskFull"}"""), TestContext.Current.CancellationToken);

        var steps = result.Json!.Value.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.Equal(["delete old snapshots", "grow the volume"], steps);
    }

    [Fact]
    public async Task InvokeAsync_TextContent_ReturnsTheBlocksJoined()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("echo_text"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var result = await tools.Named("runbooks.echo_text").InvokeAsync(Calls.With("""{"text":"hello"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Content, result.Kind);
        Assert.Null(result.Json);
        Assert.Equal("echo:\nhello", result.Text);
    }

    [Fact]
    public async Task InvokeAsync_IsError_ReturnsFailedWithTheServersText()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("failing"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var result = await tools.Named("runbooks.failing").InvokeAsync(Calls.With("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Equal("runbook store is down", result.Text);
    }

    [Fact]
    public async Task InvokeAsync_ConcurrentCalls_AllAnsweredByOneProcess()
    {
        using var server = new TestServer();
        await using var host = new McpToolHost(NullLoggerFactory.Instance, TimeProvider.System);
        var tools = await host.StartAsync("triage", [server.Spec("runbooks", Calls.Reads("echo_text"))], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var echo = tools.Named("runbooks.echo_text");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            echo.InvokeAsync(Calls.With(JsonSerializer.Serialize(new { text = $"n{i}" })), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(ToolResultKind.Content, r.Kind));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"echo:\nn{i}"), results.Select(r => r.Text));
        Assert.Single(server.Pids());
    }
}

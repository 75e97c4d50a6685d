using Ambient.Mcp.TestServer;

// An MCP server for Ambient.Mcp.Tests: real processes, so crashes, hangs and restarts are real.
// Over stdio, stdout carries the protocol and every log line goes to stderr; `--http <url>` serves streamable HTTP at /mcp.
CallLog.RecordStart();
await Console.Error.WriteLineAsync($"test server started, pid {Environment.ProcessId}");
if (args is ["--http", var url])
{
    var web = WebApplication.CreateBuilder();
    web.Services.AddMcpServer().WithHttpTransport().WithTools([typeof(TestTools)]);
    var app = web.Build();
    app.MapMcp("/mcp");
    await app.RunAsync(url);
    return;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools([typeof(TestTools)]);
await builder.Build().RunAsync();

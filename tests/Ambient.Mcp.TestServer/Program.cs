using Ambient.Mcp.TestServer;

// An MCP server over stdio for Ambient.Mcp.Tests: real processes, so crashes, hangs and restarts are real.
// stdout carries the protocol; every log line goes to stderr.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools([typeof(TestTools)]);

CallLog.RecordStart();
await Console.Error.WriteLineAsync($"test server started, pid {Environment.ProcessId}");
await builder.Build().RunAsync();

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// Ambient.Mcp.TestServer (built next to the tests) as an agent file's stdio MCP server, with a file it writes every
/// tool call it receives to (MCP_CALL_LOG): what the server did, seen from outside the worker.
/// </summary>
internal sealed class McpTestServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ambient-worker-mcp-").FullName;

    public string CallLog => Path.Combine(_directory, "calls.log");

    /// <summary>An <c>mcpServers</c> entry named <paramref name="name"/> offering <paramref name="tools"/> (YAML flow map, e.g. <c>lookup_runbook: read</c>).</summary>
    public string Yaml(string name, string tools) => $$"""
        mcpServers:
          - name: {{name}}
            command: [dotnet, "{{Path.Combine(AppContext.BaseDirectory, "Ambient.Mcp.TestServer.dll")}}"]
            env: { MCP_CALL_LOG: "{{CallLog}}" }
            tools: { {{tools}} }
        """;

    /// <summary>The tools called so far, in order.</summary>
    public IReadOnlyList<string> Calls() => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still stopping may hold the file; the OS cleans the temp directory.
        }
    }
}

namespace Ambient.Executor.Tests.Mcp;

/// <summary>
/// Ambient.Mcp.TestServer (built next to the tests) as the executor's stdio MCP server <c>runbooks</c>, with a file it
/// writes every call to: <c>page_oncall &lt;team&gt; &lt;idempotency key&gt;</c> for the effect tool, the tool's name for the others.
/// </summary>
internal sealed class McpServerFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ambient-executor-mcp-").FullName;

    public string CallLog => Path.Combine(_directory, "calls.log");

    /// <summary>The executor's settings for the server <paramref name="name"/>, in apply mode, with <paramref name="more"/> of its keys.</summary>
    public (string Key, string Value)[] Settings(string name = "runbooks", params (string Key, string Value)[] more) =>
    [
        ($"Ambient:Executors:Mcp:{name}:Command:0", "dotnet"),
        ($"Ambient:Executors:Mcp:{name}:Command:1", Path.Combine(AppContext.BaseDirectory, "Ambient.Mcp.TestServer.dll")),
        ($"Ambient:Executors:Mcp:{name}:Environment:MCP_CALL_LOG", CallLog),
        ($"Ambient:Executors:Mcp:{name}:Mode", "apply"),
        .. more.Select(m => ($"Ambient:Executors:Mcp:{name}:{m.Key}", m.Value)),
    ];

    /// <summary>The calls the server received, in order.</summary>
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

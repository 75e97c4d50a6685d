using Ambient.Abstractions.Tools;

namespace Ambient.Mcp.Tests;

/// <summary>Specs for the Ambient.Mcp.TestServer process, with files the server writes its calls and pid to.</summary>
internal sealed class TestServer : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("ambient-mcp-").FullName;

    public static IReadOnlyList<string> Command { get; } = ["dotnet", Path.Combine(AppContext.BaseDirectory, "Ambient.Mcp.TestServer.dll")];

    public string Directory => _directory;

    public string CallLog => Path.Combine(_directory, "calls.log");

    public string PidLog => Path.Combine(_directory, "pids.log");

    public McpServerSpec Spec(string name, IReadOnlyDictionary<string, ToolKind> tools, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["MCP_CALL_LOG"] = CallLog,
            ["MCP_PID_LOG"] = PidLog,
        };
        return new McpServerSpec(name, Command, Url: null, variables, tools);
    }

    public IReadOnlyList<string> Calls() => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    public IReadOnlyList<int> Pids() => File.Exists(PidLog) ? [.. File.ReadAllLines(PidLog).Select(int.Parse)] : [];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server being killed may still hold a file; the temp directory is cleaned up by the OS.
        }
    }
}

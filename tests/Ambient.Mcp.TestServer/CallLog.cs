using System.Globalization;

namespace Ambient.Mcp.TestServer;

/// <summary>
/// What the tests observe from outside the process: one line per tool call in the file named by MCP_CALL_LOG, and this
/// process's id in the file named by MCP_PID_LOG (one line per start), so a test can count calls and find orphans.
/// </summary>
internal static class CallLog
{
    private static readonly Lock s_gate = new();

    public static void RecordCall(string tool) => Append("MCP_CALL_LOG", tool);

    public static void RecordStart() => Append("MCP_PID_LOG", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    private static void Append(string variable, string line)
    {
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } path)
        {
            return;
        }

        lock (s_gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}

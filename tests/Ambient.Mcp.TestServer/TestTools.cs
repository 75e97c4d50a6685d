using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ambient.Mcp.TestServer;

/// <summary>The tools the tests call; each one models a behaviour a real MCP server can show.</summary>
[McpServerToolType]
internal static class TestTools
{
    private static readonly string[] s_defaultSteps =
        ["check the pod's previous logs", "compare the memory limit with the working set", "roll back the last deploy"];

    [McpServerTool(Name = "lookup_runbook", ReadOnly = true, UseStructuredContent = true)]
    [Description("Finds the runbook for an alert and returns its steps.")]
    public static RunbookAnswer LookupRunbook([Description("The alert name.")] string alert)
    {
        CallLog.RecordCall("lookup_runbook");
        var file = Environment.GetEnvironmentVariable("RUNBOOKS_DIR") is { Length: > 0 } directory
            ? Path.Combine(directory, alert + ".md")
            : null;
        var steps = file is not null && File.Exists(file)
            ? File.ReadAllLines(file).Where(line => line.Length > 0).ToArray()
            : s_defaultSteps;
        return new RunbookAnswer(alert, steps);
    }

    [McpServerTool(Name = "page_oncall", Destructive = true)]
    [Description("Pages the on-call engineer.")]
    public static string PageOncall(RequestContext<CallToolRequestParams> context, [Description("Who to page.")] string team, [Description("Why.")] string reason)
    {
        // The executor's idempotency key, when it sent one, so a test sees which action made the call.
        var key = context.Params?.Meta?["io.ambient/idempotency-key"]?.GetValue<string>();
        CallLog.RecordCall(key is null ? "page_oncall" : $"page_oncall {team} {key}");
        return $"paged {team}: {reason}";
    }

    [McpServerTool(Name = "echo_text")]
    [Description("Returns the text it is given, as two text blocks.")]
    public static CallToolResult EchoText(string text)
    {
        CallLog.RecordCall("echo_text");
        return new CallToolResult { Content = [new TextContentBlock { Text = "echo:" }, new TextContentBlock { Text = text }] };
    }

    [McpServerTool(Name = "failing")]
    [Description("Always reports a tool error.")]
    public static CallToolResult Failing()
    {
        CallLog.RecordCall("failing");
        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "runbook store is down" }] };
    }

    [McpServerTool(Name = "crash")]
    [Description("Exits the process in the middle of the call.")]
    public static string Crash()
    {
        CallLog.RecordCall("crash");
        Environment.Exit(3);
        return "unreachable";
    }

    [McpServerTool(Name = "hang")]
    [Description("Never answers, and ignores cancellation.")]
    public static async Task<string> HangAsync()
    {
        CallLog.RecordCall("hang");
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        return "unreachable";
    }

    [McpServerTool(Name = "secret_tool")]
    [Description("Advertised by the server, never listed by an agent.")]
    public static string SecretTool()
    {
        CallLog.RecordCall("secret_tool");
        return "secret";
    }
}

namespace Ambient.Mcp.TestServer;

/// <summary>The structured result of lookup_runbook.</summary>
internal sealed record RunbookAnswer(string Alert, IReadOnlyList<string> Steps);

using Ambient.Abstractions.Tools;

namespace Ambient.Mcp.Internal;

/// <summary>
/// An MCP tool the agent file marks <c>effect</c>. It never reaches the server from the worker: the call becomes an action
/// proposal for target <c>mcp:&lt;server&gt;</c>, which an executor applies later, once.
/// </summary>
internal sealed class McpEffectTool(ToolDescriptor descriptor, McpServerSpec spec, string tool) : IAmbientTool
{
    public ToolDescriptor Descriptor => descriptor;

    public Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return Task.FromResult(ToolResult.Action(spec.ActionTarget, tool, invocation.Arguments.Json, $"call {tool} on MCP server {spec.Name}"));
    }
}

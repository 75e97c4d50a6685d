using Ambient.Abstractions.Actions;

namespace Ambient.Governance.Policies;

/// <summary>
/// Maps an action back to the name of the tool the agent called, so the executor evaluates the same policies by the
/// same names as the worker did.
/// </summary>
public static class ToolNames
{
    private const string McpPrefix = "mcp:";

    /// <summary>The tool name behind an action of <paramref name="target"/> with <paramref name="operation"/>.</summary>
    /// <param name="target">The action's target: <c>github</c>, <c>slack</c>, <c>kubernetes</c>, <c>email</c> or <c>mcp:&lt;server&gt;</c>.</param>
    /// <param name="operation">The action's operation, e.g. <c>add_labels</c>.</param>
    /// <returns><c>&lt;server&gt;.&lt;operation&gt;</c> for <c>mcp:&lt;server&gt;</c>, <c>notify.&lt;operation&gt;</c> for
    /// <c>email</c> (the notify tools propose email actions), otherwise <c>&lt;target&gt;.&lt;operation&gt;</c>.</returns>
    public static string ForAction(string target, string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        return target switch
        {
            _ when target.StartsWith(McpPrefix, StringComparison.Ordinal) => $"{target[McpPrefix.Length..]}.{operation}",
            ActionTargets.Email => $"notify.{operation}",
            _ => $"{target}.{operation}",
        };
    }
}

using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Tools;
using Ambient.Mcp;

namespace Ambient.Executor.Targets.Mcp;

/// <summary>
/// Effect tools of one MCP server (target <c>mcp:&lt;server&gt;</c>): the action's operation is the tool, its arguments
/// the tool's arguments, and its id goes with the call as an idempotency key. An MCP server keeps no marker the executor
/// could look for, so an interrupted call is not repeated unless the server is trusted to ignore a repeated key.
/// </summary>
internal sealed class McpTarget(McpEffectClient client, McpTargetOptions options) : IActionTarget, IAsyncDisposable
{
    private const int DescribedArguments = 200;

    public string Name => $"mcp:{client.Server}";

    public string ScopeOf(ActionRecord action) => Tool(action);

    public string Describe(ActionRecord action, ApplyContext context)
    {
        var arguments = action.Arguments.GetRawText();
        return $"tools/call {Tool(action)} to MCP server {client.Server} with {(arguments.Length > DescribedArguments ? arguments[..DescribedArguments] + "…" : arguments)}";
    }

    public async Task<TargetOutcome> ApplyAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken)
    {
        var call = await client.CallAsync(Tool(action), action.Arguments, action.Id, cancellationToken);
        return call.Kind switch
        {
            McpEffectCallKind.Completed => TargetOutcome.Applied(externalId: null),
            McpEffectCallKind.Refused => TargetOutcome.Failed(call.Text),
            McpEffectCallKind.NotSent => TargetOutcome.Unreached(call.Text),
            _ => TargetOutcome.Retry(call.Text),
        };
    }

    public Task<TargetOutcome?> FindAsync(ActionRecord action, ApplyContext context, CancellationToken cancellationToken) =>
        Task.FromResult(options.RepeatInterrupted
            ? null
            : TargetOutcome.Failed(
                $"an earlier call of {Tool(action)} on MCP server '{client.Server}' was interrupted and may have taken effect; it is not sent again, since an MCP server "
                + $"cannot be asked (set {McpTargetOptions.SectionName}:{client.Server}:RepeatInterrupted=true for a server that ignores a repeated {McpEffectClient.IdempotencyKeyMeta})"));

    public ValueTask DisposeAsync() => client.DisposeAsync();

    private string Tool(ActionRecord action)
    {
        if (!ToolDescriptor.IsValidName($"{client.Server}.{action.Operation}"))
        {
            throw new ActionFormatException($"action {action.Id}: '{action.Operation}' is not an MCP tool name of letters, digits and underscores");
        }

        if (action.Arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ActionFormatException($"action {action.Id}: the arguments of {action.Operation} must be a JSON object, not {action.Arguments.ValueKind}");
        }

        return action.Operation;
    }
}

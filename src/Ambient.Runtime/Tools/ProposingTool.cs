using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;

namespace Ambient.Runtime.Tools;

/// <summary>
/// An effect tool whose call becomes an action record for <paramref name="target"/>: it reads the model's arguments into
/// the action's arguments and a one-line summary, and changes nothing itself.
/// </summary>
internal sealed class ProposingTool(ToolDescriptor descriptor, string target, Func<ToolArguments, (JsonObject Arguments, string Summary)> propose) : IAmbientTool
{
    public ToolDescriptor Descriptor { get; } = descriptor;

    public Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var (arguments, summary) = propose(invocation.Arguments);
        return Task.FromResult(ToolResult.Action(target, Descriptor.Function, JsonSerializer.SerializeToElement(arguments), summary));
    }

    /// <summary>An effect tool <c>plugin.function</c> with these parameters.</summary>
    public static ProposingTool Create(string name, string description, string target, ToolParameter[] parameters,
        Func<ToolArguments, (JsonObject Arguments, string Summary)> propose) =>
        new(new ToolDescriptor(name, description, ToolSchema.ForArguments(parameters), ToolKind.Effect), target, propose);

    /// <summary>Strings as a JSON array.</summary>
    public static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}

namespace Ambient.Abstractions.Tools;

/// <summary>
/// A tool agents may be given, registered through DI (<c>services.AddAmbientTool&lt;T&gt;()</c>). The runtime calls it only
/// after the call passed every tool-call filter. A read tool observes and returns what it saw; an effect tool must not
/// change anything: it returns <see cref="ToolResult.Action"/>, which the runtime turns into an action record.
/// </summary>
public interface IAmbientTool
{
    /// <summary>Name, description, argument schema and kind.</summary>
    ToolDescriptor Descriptor { get; }

    /// <summary>Runs the call. Bad arguments are reported with <see cref="ToolArgumentException"/> or <see cref="ToolResult.Failed"/>, which the model sees.</summary>
    /// <param name="invocation">Who calls, and the arguments.</param>
    /// <param name="cancellationToken">Cancelled at the agent's call timeout, the run's timeout, or shutdown.</param>
    Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken);
}

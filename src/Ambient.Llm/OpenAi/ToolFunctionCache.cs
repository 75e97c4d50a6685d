using System.Runtime.CompilerServices;
using System.Text.Json;
using Ambient.Abstractions.Tools;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Ambient.Llm.OpenAi;

/// <summary>
/// The Semantic Kernel side of an agent's tool set: one function per descriptor (its schema advertised, its body never
/// run: the model only asks), and frozen execution settings. Built once per tool set, which the runtime keeps per agent.
/// </summary>
internal sealed class ToolFunctionCache
{
    // Arguments come back as JsonElements of their JSON type; by default the connector hands every value over as text
    // ("[\"bug\"]" for an array), which the tools would have to guess at. Experimental in SK 1.82, pinned by a test.
#pragma warning disable SKEXP0001
    private static readonly FunctionChoiceBehaviorOptions s_options = new() { RetainArgumentTypes = true };
#pragma warning restore SKEXP0001

    private readonly ConditionalWeakTable<IReadOnlyList<ToolDescriptor>, Entry> _entries = [];

    public (Kernel Kernel, OpenAIPromptExecutionSettings Settings) For(IReadOnlyList<ToolDescriptor> tools, int maxOutputTokens)
    {
        if (_entries.TryGetValue(tools, out var entry) && entry.MaxOutputTokens == maxOutputTokens)
        {
            return (entry.Kernel, entry.Settings);
        }

        entry = Build(tools, maxOutputTokens);
        _entries.AddOrUpdate(tools, entry);
        return (entry.Kernel, entry.Settings);
    }

    private static Entry Build(IReadOnlyList<ToolDescriptor> tools, int maxOutputTokens)
    {
        var plugins = tools.GroupBy(t => t.Plugin, StringComparer.Ordinal)
            .Select(group => KernelPluginFactory.CreateFromFunctions(group.Key, group.Select(Function)))
            .ToList();
        var kernel = new Kernel(plugins: new KernelPluginCollection(plugins));
        var functions = plugins.SelectMany(p => p).ToList();
        var settings = new OpenAIPromptExecutionSettings
        {
            MaxTokens = maxOutputTokens,
            FunctionChoiceBehavior = functions.Count == 0 ? null : FunctionChoiceBehavior.Auto(functions, autoInvoke: false, options: s_options),
        };
        settings.Freeze();
        return new Entry(kernel, settings, maxOutputTokens);
    }

    private static KernelFunction Function(ToolDescriptor tool)
    {
        var required = tool.Parameters.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var parameters = tool.Parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => new KernelParameterMetadata(p.Name)
            {
                Description = p.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                IsRequired = required.Contains(p.Name),
                Schema = KernelJsonSchema.Parse(p.Value.GetRawText()),
            }).ToList()
            : [];
        return KernelFunctionFactory.CreateFromMethod(
            new Func<string>(() => throw new InvalidOperationException($"Tool {tool.Name} is run by the Ambient runtime, never by the model connector.")),
            new KernelFunctionFromMethodOptions { FunctionName = tool.Function, Description = tool.Description, Parameters = parameters });
    }

    private sealed record Entry(Kernel Kernel, OpenAIPromptExecutionSettings Settings, int MaxOutputTokens);
}

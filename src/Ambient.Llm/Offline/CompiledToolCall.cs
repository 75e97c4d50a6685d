using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>An <see cref="OfflineToolCall"/> with its tool name split and its argument templates parsed.</summary>
internal sealed partial class CompiledToolCall
{
    private readonly KeyValuePair<string, OfflineArgumentTemplate>[] _arguments;

    private CompiledToolCall(string pluginName, string functionName, KeyValuePair<string, OfflineArgumentTemplate>[] arguments, string? resultName)
    {
        PluginName = pluginName;
        FunctionName = functionName;
        _arguments = arguments;
        ResultName = resultName;
    }

    /// <summary>The name later templates read this call's result by, if any.</summary>
    public string? ResultName { get; }

    /// <summary>The results of earlier calls this call's arguments read.</summary>
    public IEnumerable<string> ReferencedResults => _arguments.SelectMany(a => a.Value.ReferencedResults).Distinct(StringComparer.Ordinal);

    /// <summary>The plugin, e.g. <c>github</c>.</summary>
    public string PluginName { get; }

    /// <summary>The function in the plugin, e.g. <c>add_labels</c>.</summary>
    public string FunctionName { get; }

    /// <summary>Splits <c>plugin.function</c> and parses every argument's templates.</summary>
    /// <exception cref="OfflineRuleException">The tool name or an argument template is bad; the message names the rule.</exception>
    public static CompiledToolCall Compile(string ruleName, OfflineToolCall call)
    {
        var match = ToolName().Match(call.Tool);
        if (!match.Success)
        {
            throw new OfflineRuleException(
                $"Offline rule '{ruleName}': tool '{call.Tool}' is not 'plugin.function' (letters, digits and underscores, e.g. github.add_labels).");
        }

        var arguments = new List<KeyValuePair<string, OfflineArgumentTemplate>>();
        foreach (var (name, value) in call.Arguments)
        {
            try
            {
                arguments.Add(KeyValuePair.Create(name, OfflineArgumentTemplate.Parse(value)));
            }
            catch (OfflineRuleException e)
            {
                throw new OfflineRuleException($"Offline rule '{ruleName}', tool '{call.Tool}', argument '{name}': {e.Message}", e);
            }
        }

        return new CompiledToolCall(match.Groups["plugin"].Value, match.Groups["function"].Value, [.. arguments], call.As);
    }

    /// <summary>Renders every argument for one event, in the rule's order.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> RenderArguments(AmbientEvent @event, JsonElement? data, IReadOnlyDictionary<string, JsonElement>? results = null) =>
        _arguments.Select(argument => KeyValuePair.Create(argument.Key, argument.Value.Render(@event, data, results)));

    // Semantic Kernel names plugins and functions with [A-Za-z0-9_] only.
    [GeneratedRegex("^(?<plugin>[A-Za-z0-9_]+)\\.(?<function>[A-Za-z0-9_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;

namespace Ambient.Llm.Offline;

/// <summary>
/// A tool-call argument value from a rule: JSON whose strings, at any depth of arrays and objects, are
/// <see cref="OfflineTemplate"/>s. Parsed once; rendered into a fresh node per event.
/// </summary>
internal sealed class OfflineArgumentTemplate
{
    private readonly OfflineTemplate? _template;
    private readonly OfflineArgumentTemplate[]? _items;
    private readonly KeyValuePair<string, OfflineArgumentTemplate>[]? _properties;
    private readonly JsonNode? _constant;

    private OfflineArgumentTemplate(
        OfflineTemplate? template = null,
        OfflineArgumentTemplate[]? items = null,
        KeyValuePair<string, OfflineArgumentTemplate>[]? properties = null,
        JsonNode? constant = null)
    {
        _template = template;
        _items = items;
        _properties = properties;
        _constant = constant;
    }

    /// <summary>Parses every string inside <paramref name="value"/> as a template.</summary>
    /// <exception cref="OfflineRuleException">A string holds a bad template.</exception>
    public static OfflineArgumentTemplate Parse(JsonNode? value) => value switch
    {
        JsonArray array => new(items: [.. array.Select(Parse)]),
        JsonObject obj => new(properties: [.. obj.Select(p => KeyValuePair.Create(p.Key, Parse(p.Value)))]),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => new(template: OfflineTemplate.Parse(scalar.GetValue<string>())),
        _ => new(constant: value?.DeepClone()),
    };

    /// <summary>The names of the tool results the value reads.</summary>
    public IEnumerable<string> ReferencedResults =>
        _template?.ReferencedResults ?? _items?.SelectMany(i => i.ReferencedResults) ?? _properties?.SelectMany(p => p.Value.ReferencedResults) ?? [];

    /// <summary>Renders the value for one event, with the results of earlier calls.</summary>
    public JsonNode? Render(AmbientEvent @event, JsonElement? data, IReadOnlyDictionary<string, JsonElement>? results = null)
    {
        if (_template is not null)
        {
            return _template.Render(@event, data, results);
        }

        if (_items is not null)
        {
            return new JsonArray([.. _items.Select(item => item.Render(@event, data, results))]);
        }

        if (_properties is not null)
        {
            var rendered = new JsonObject();
            foreach (var (name, property) in _properties)
            {
                rendered[name] = property.Render(@event, data, results);
            }

            return rendered;
        }

        return _constant?.DeepClone();
    }
}

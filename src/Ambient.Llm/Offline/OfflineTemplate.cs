using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Json;

namespace Ambient.Llm.Offline;

/// <summary>
/// A text with <c>{{ expression }}</c> placeholders, where an expression is a JSONPath into the event data
/// (<c>$.issue.number</c>), an event attribute (<c>event.id</c>, <c>event.type</c>, <c>event.source</c>,
/// <c>event.subject</c>, <c>event.time</c>), or an earlier tool call's result (<c>results.runbook.steps[0]</c>, the whole
/// result with <c>results.runbook</c>). A text that is exactly one placeholder renders as the referenced
/// JSON value with its type; any other text renders as a string with the values interpolated. Missing values
/// render as JSON null, or as nothing inside a text.
/// </summary>
internal sealed class OfflineTemplate
{
    private const string Open = "{{";
    private const string Close = "}}";

    private const string ResultsPrefix = "results.";

    private static readonly string[] s_eventAttributes = ["id", "type", "source", "subject", "time"];

    private readonly Part[] _parts;

    private OfflineTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The names of the tool results the template reads.</summary>
    public IEnumerable<string> ReferencedResults => _parts.Where(p => p.ResultName is not null).Select(p => p.ResultName!);

    private bool IsSingleReference => _parts is [{ Literal: null }];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="OfflineRuleException">A placeholder is unclosed, empty or not a known expression; the message names the template.</exception>
    public static OfflineTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(text[position..]));
                break;
            }

            if (open > position)
            {
                parts.Add(new Part(text[position..open]));
            }

            var close = text.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(text, string.Create(CultureInfo.InvariantCulture, $"'{Open}' at position {open} is not closed by '{Close}'"));
            }

            parts.Add(ParseExpression(text, text[(open + Open.Length)..close].Trim()));
            position = close + Close.Length;
        }

        return new OfflineTemplate(text, [.. parts]);
    }

    /// <summary>Renders the template: a single placeholder keeps its JSON type, anything else becomes a string.</summary>
    public JsonNode? Render(AmbientEvent @event, JsonElement? data, IReadOnlyDictionary<string, JsonElement>? results = null)
    {
        if (IsSingleReference)
        {
            return _parts[0].TryResolve(@event, data, results, out var value) ? JsonValues.ToNode(value) : null;
        }

        return JsonValue.Create(RenderText(@event, data, results));
    }

    /// <summary>Renders the template as text, whatever its shape.</summary>
    public string RenderText(AmbientEvent @event, JsonElement? data, IReadOnlyDictionary<string, JsonElement>? results = null)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                text.Append(part.Literal);
            }
            else if (part.TryResolve(@event, data, results, out var value))
            {
                text.Append(JsonValues.ToText(value));
            }
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static Part ParseExpression(string text, string expression)
    {
        if (expression.Length == 0)
        {
            throw Error(text, "a placeholder is empty");
        }

        if (expression.StartsWith('$'))
        {
            try
            {
                return new Part(null, JsonPathExpression.Parse(expression));
            }
            catch (FormatException e)
            {
                throw new OfflineRuleException($"Invalid template '{text}': {e.Message}", e);
            }
        }

        const string EventPrefix = "event.";
        if (expression.StartsWith(EventPrefix, StringComparison.Ordinal) && s_eventAttributes.Contains(expression[EventPrefix.Length..]))
        {
            return new Part(null, EventAttribute: expression[EventPrefix.Length..]);
        }

        if (expression.StartsWith(ResultsPrefix, StringComparison.Ordinal))
        {
            return ParseResult(text, expression);
        }

        throw Error(text, $"'{expression}' is neither a JSONPath ($.a.b), one of event.{string.Join(", event.", s_eventAttributes)}, nor results.<name>");
    }

    // results.<name> then an optional JSONPath tail (.a.b, [0]) into that result.
    private static Part ParseResult(string text, string expression)
    {
        var rest = expression[ResultsPrefix.Length..];
        var end = rest.IndexOfAny(['.', '[']);
        var name = end < 0 ? rest : rest[..end];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw Error(text, $"'{expression}' must name a result: results.<name>, where the name is letters, digits and underscores");
        }

        try
        {
            return new Part(null, JsonPathExpression.Parse("$" + (end < 0 ? string.Empty : rest[end..])), ResultName: name);
        }
        catch (FormatException e)
        {
            throw new OfflineRuleException($"Invalid template '{text}': {e.Message}", e);
        }
    }

    private static OfflineRuleException Error(string text, string problem) => new($"Invalid template '{text}': {problem}.");

    private sealed record Part(string? Literal, JsonPathExpression? Path = null, string? EventAttribute = null, string? ResultName = null)
    {
        public bool TryResolve(AmbientEvent @event, JsonElement? data, IReadOnlyDictionary<string, JsonElement>? results, out JsonElement value)
        {
            value = default;
            if (ResultName is not null)
            {
                return results is not null && results.TryGetValue(ResultName, out var result) && Path!.TryEvaluate(result, out value) && JsonValues.IsPresent(value);
            }

            if (Path is not null)
            {
                return data is { } root && Path.TryEvaluate(root, out value) && JsonValues.IsPresent(value);
            }

            var text = EventAttribute switch
            {
                "id" => @event.Id,
                "type" => @event.Type,
                "source" => @event.Source,
                "subject" => @event.Subject,
                "time" => @event.Time?.ToString("O", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (text is null)
            {
                return false;
            }

            value = JsonSerializer.SerializeToElement(text);
            return true;
        }
    }
}

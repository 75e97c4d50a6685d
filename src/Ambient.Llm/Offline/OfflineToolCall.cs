using System.Text.Json.Nodes;

namespace Ambient.Llm.Offline;

/// <summary>
/// A tool call the offline model makes: <see cref="Tool"/> is <c>plugin.function</c> (e.g.
/// <c>github.add_labels</c>); argument values are JSON whose strings may hold templates:
/// <c>{{ $.issue.number }}</c> (event data) or <c>{{ event.subject }}</c> (<c>id</c>, <c>type</c>,
/// <c>source</c>, <c>subject</c>, <c>time</c>). A string that is exactly one template takes the
/// referenced value with its JSON type; otherwise templates are interpolated as text.
/// </summary>
public sealed record OfflineToolCall(string Tool, IReadOnlyDictionary<string, JsonNode?> Arguments);

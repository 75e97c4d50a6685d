using System.Text.Json.Nodes;

namespace Ambient.Llm.Offline;

/// <summary>
/// A tool call the offline model makes: <see cref="Tool"/> is <c>plugin.function</c> (e.g.
/// <c>github.add_labels</c>); argument values are JSON whose strings may hold templates:
/// <c>{{ $.issue.number }}</c> (event data) or <c>{{ event.subject }}</c> (<c>id</c>, <c>type</c>,
/// <c>source</c>, <c>subject</c>, <c>time</c>). A string that is exactly one template takes the
/// referenced value with its JSON type; otherwise templates are interpolated as text. A call named with
/// <see cref="As"/> makes its result readable by later calls and the reply as <c>{{ results.&lt;name&gt;.&lt;path&gt; }}</c>;
/// a call that reads a result is asked for in a later model turn than the call that produces it.
/// </summary>
/// <param name="Tool">The tool, <c>plugin.function</c>.</param>
/// <param name="Arguments">Argument templates.</param>
/// <param name="As">The name later templates read this call's result by; null when nothing reads it.</param>
public sealed record OfflineToolCall(string Tool, IReadOnlyDictionary<string, JsonNode?> Arguments, string? As = null);

namespace Ambient.Llm.Offline;

/// <summary>
/// A condition on one value of the event data, addressed by a JSONPath subset (<c>$.a.b[0].c</c>,
/// <c>$.a['b-c']</c>). Every condition that is set must hold: <see cref="EqualTo"/> compares the value's
/// text, <see cref="Regex"/> searches it, <see cref="Exists"/> tests presence (non-null).
/// </summary>
public sealed record FieldCondition(string Path, string? EqualTo = null, string? Regex = null, bool? Exists = null);

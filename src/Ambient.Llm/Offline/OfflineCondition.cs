namespace Ambient.Llm.Offline;

/// <summary>
/// Matches an event: its CloudEvent type against any of <see cref="Types"/> (glob patterns, <c>*</c> for
/// any run of characters; empty = any type) and every field condition against the event data.
/// </summary>
public sealed record OfflineCondition(IReadOnlyList<string> Types, IReadOnlyList<FieldCondition> Fields);

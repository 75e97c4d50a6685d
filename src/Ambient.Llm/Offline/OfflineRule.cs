namespace Ambient.Llm.Offline;

/// <summary>
/// One offline rule: when the event matches <see cref="When"/>, the offline model asks for
/// <see cref="Calls"/> (tool calls with templated arguments) and then answers <see cref="Reply"/>.
/// </summary>
/// <param name="Name">Shown in audit records and errors.</param>
/// <param name="When">Which events the rule applies to.</param>
/// <param name="Calls">Tool calls, in order; may be empty.</param>
/// <param name="Reply">The final answer (reasoning summary), a template; null gives a default summary.</param>
public sealed record OfflineRule(string Name, OfflineCondition When, IReadOnlyList<OfflineToolCall> Calls, string? Reply);

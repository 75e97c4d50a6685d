namespace Ambient.Llm.Offline;

/// <summary>
/// One offline rule: when the event matches <see cref="When"/>, the offline model asks for
/// <see cref="Calls"/> (tool calls with templated arguments) and then answers <see cref="Reply"/>.
/// </summary>
/// <param name="Name">Shown in audit records and errors.</param>
/// <param name="When">Which events the rule applies to.</param>
/// <param name="Calls">Tool calls, in order; may be empty.</param>
/// <param name="Reply">The final answer (reasoning summary), a template; null gives a default summary.</param>
/// <param name="Reasoning">
/// What the model says alongside its tool calls (a template), as a real model explains what it is about to do: the
/// reasoning an approver reads, and where a stated confidence (<c>confidence: 0.9</c>) is read by policies. Null: nothing.
/// </param>
public sealed record OfflineRule(string Name, OfflineCondition When, IReadOnlyList<OfflineToolCall> Calls, string? Reply, string? Reasoning = null);

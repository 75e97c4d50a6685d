using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Tools;
using Ambient.Runtime.Agents;

namespace Ambient.Runtime.ToolCalls;

/// <summary>A tool call on its way through the filters.</summary>
/// <param name="Agent">The calling agent.</param>
/// <param name="RunId">The run.</param>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="ToolName">The tool asked for, <c>plugin.function</c>, as the model wrote it.</param>
/// <param name="Tool">The tool, or null when no tool has that name.</param>
/// <param name="Arguments">The arguments the model gave.</param>
/// <param name="Event">The event the run reasons about.</param>
public sealed record ToolCallContext(AgentDefinition Agent, string RunId, string CallId, string ToolName, IAmbientTool? Tool, JsonElement Arguments, AmbientEvent Event);

using Ambient.Abstractions.Tools;
using Ambient.Llm;
using Ambient.Llm.Offline;

namespace Ambient.Runtime.Agents;

/// <summary>An agent as declared in its YAML file under <c>agents/</c>.</summary>
/// <param name="Name">Unique name; the consumer group is <c>ambient-agent-&lt;name&gt;</c>.</param>
/// <param name="Owner">The team or person who answers for the agent (<c>owner</c>, required): the inventory lists it.</param>
/// <param name="Description">What the agent is for, one line (<c>description</c>): its purpose in the inventory.</param>
/// <param name="SourceFile">The file it was loaded from, for errors and audit.</param>
/// <param name="Subscriptions">Topics and the CloudEvent types it handles on each.</param>
/// <param name="Model">Which model reasons.</param>
/// <param name="SystemPrompt">The system prompt.</param>
/// <param name="Tools">Allowed tools, <c>plugin.function</c>; calls to any other tool are refused.</param>
/// <param name="Limits">Limits the runtime enforces.</param>
/// <param name="OfflineRules">Rules of the offline model.</param>
/// <param name="Version">SHA-256 (hex, 16 chars) of the prompt and configuration, recorded with every decision.</param>
/// <param name="Pricing">What the model's tokens cost, for the cost metric; zero when not declared.</param>
public sealed record AgentDefinition(
    string Name,
    string Owner,
    string? Description,
    string SourceFile,
    IReadOnlyList<AgentSubscription> Subscriptions,
    ModelSpec Model,
    string SystemPrompt,
    IReadOnlyList<string> Tools,
    AgentLimits Limits,
    OfflineRuleSet OfflineRules,
    string Version,
    ModelPricing Pricing)
{
    /// <summary>The Model Context Protocol servers whose tools the agent may use (its <c>mcpServers</c>).</summary>
    public IReadOnlyList<McpServerSpec> McpServers { get; init; } = [];

    /// <summary>The semantic liveness probe, when the file has one.</summary>
    public HealthProbeSpec? HealthProbe { get; init; }

    /// <summary>The Kafka consumer group of this agent's workers.</summary>
    public string ConsumerGroup => $"ambient-agent-{Name}";

    /// <summary>The id recorded for the agent's own model: <c>offline</c>, or the model id of an OpenAI-compatible endpoint.</summary>
    public string ModelId => Model.Provider == ModelSpec.Offline ? OfflineModel.ModelId : Model.ModelId ?? Model.Provider;

    /// <summary>
    /// True when an event of <paramref name="type"/> read from <paramref name="topic"/>, which entered through
    /// <paramref name="ingress"/> (its <c>ambient-ingress</c>), is for this agent.
    /// </summary>
    public bool Handles(string topic, string type, string? ingress) =>
        Subscriptions.Any(s => s.Topic == topic && s.Matches(type, ingress));
}

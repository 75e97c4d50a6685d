using Ambient.Abstractions.Processing;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Redaction;
using Ambient.Runtime.Tools;
using Microsoft.Extensions.Logging;
using Ambient.Abstractions.A2a;

namespace Ambient.Runtime.Runs;

/// <summary>Everything one agent's runs use, built once per agent and shared by the runner's parts.</summary>
internal sealed record AgentServices(
    AgentDefinition Agent,
    IChatModel Model,
    AgentToolbox Tools,
    IRecordPublisher Publisher,
    RecordFactory Records,
    RunTopics Topics,
    IRunBudget Budget,
    CheckpointStore Checkpoints,
    TimeProvider Time,
    ILogger Logger,
    IA2aChannel? A2a,
    IRunGate Gate)
{
    /// <summary>Masks secrets in what enters a run (the event, tool results, other agents' answers).</summary>
    public SecretMasker Masker { get; init; } = SecretMasker.Default;

    /// <summary>The model id recorded with every decision (the agent's, also in replays).</summary>
    public string ModelId => Agent.ModelId;
}

namespace Ambient.Llm;

/// <summary>Which model an agent reasons with.</summary>
/// <param name="Provider"><see cref="Offline"/> (the default) or <see cref="OpenAiCompatible"/>.</param>
/// <param name="Endpoint">Base URL of an OpenAI-compatible API (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM), e.g. <c>http://localhost:11434/v1</c>.</param>
/// <param name="ModelId">The model to ask for, e.g. <c>gpt-4o-mini</c> or <c>llama3.1</c>.</param>
/// <param name="ApiKeyEnvironmentVariable">Name of the environment variable holding the API key (never the key itself).</param>
public sealed record ModelSpec(string Provider, Uri? Endpoint = null, string? ModelId = null, string? ApiKeyEnvironmentVariable = null)
{
    /// <summary>The deterministic offline model driven by the agent's rules.</summary>
    public const string Offline = "offline";

    /// <summary>Any endpoint speaking the OpenAI chat completions API.</summary>
    public const string OpenAiCompatible = "openai-compatible";

    /// <summary>The offline model.</summary>
    public static ModelSpec OfflineModel { get; } = new(Offline);

    /// <summary>
    /// Models asked, in order, while this one's circuit is open or a call to it fails (<c>model.fallbacks</c> in the agent
    /// file, each with the same fields).
    /// </summary>
    public IReadOnlyList<ModelSpec> Fallbacks { get; init; } = [];

    /// <summary>
    /// What a run may do with a fallback's reply: <see cref="FallbackContinue"/> (the default), <see cref="FallbackApprovesEffects"/>,
    /// or <see cref="FallbackPause"/> (no fallback answers: the agent is held while its own model is out).
    /// </summary>
    public string OnFallback { get; init; } = FallbackContinue;

    /// <summary>A fallback's reply is used as the agent's own model's would be.</summary>
    public const string FallbackContinue = "continue";

    /// <summary>Every effect a fallback's reply asks for waits for a human's approval: the action layer is frozen, the agent goes on.</summary>
    public const string FallbackApprovesEffects = "approve-effects";

    /// <summary>
    /// Nothing a weaker model decides is acted on: when the agent's own model is unavailable the whole agent is held (its
    /// partitions paused, its runs waiting at their next model call) until a trial call to its own model answers again.
    /// </summary>
    public const string FallbackPause = "pause";
}

using System.ClientModel;
using System.ClientModel.Primitives;
using Ambient.Llm.Failover;
using Ambient.Llm.Offline;
using Ambient.Llm.OpenAi;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace Ambient.Llm;

/// <summary>
/// Turns an agent's <see cref="ModelSpec"/> into the chat model the runtime's tool loop talks to: the offline
/// model driven by the agent's rules, or Semantic Kernel's OpenAI connector pointed at any OpenAI-compatible
/// endpoint (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM). Both return tool calls without invoking them.
/// </summary>
/// <param name="readEnvironmentVariable">Reads an environment variable; the process environment by default.</param>
/// <param name="loggerFactory">Logging for the OpenAI connector; none by default.</param>
public sealed class ChatModelFactory(Func<string, string?>? readEnvironmentVariable = null, ILoggerFactory? loggerFactory = null)
{
    /// <summary>
    /// The API key sent to a loopback endpoint whose spec names no key (or whose variable is unset): local
    /// servers such as Ollama ignore it, but the OpenAI client requires one.
    /// </summary>
    public const string LoopbackPlaceholderApiKey = "ambient-local";

    private readonly Func<string, string?> _readEnvironmentVariable = readEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <summary>Creates the chat model <paramref name="spec"/> describes.</summary>
    /// <param name="spec">Which model.</param>
    /// <param name="rules">The agent's offline rules; used by the offline model, ignored otherwise.</param>
    /// <param name="httpClient">The HTTP client for OpenAI-compatible endpoints; the connector's own by default.</param>
    /// <exception cref="ModelConfigurationException">The spec is incomplete or invalid, or the API key's variable is unset; the message names the field.</exception>
    /// <exception cref="OfflineRuleException">An offline rule is unusable.</exception>
    public IChatModel Create(ModelSpec spec, OfflineRuleSet rules, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rules);
        // With fallbacks, each model is behind its own circuit breaker and a failing one hands the call to the next.
        return spec.Fallbacks.Count == 0
            ? CreateOne(spec, rules, httpClient)
            : new FailoverChatModel([CreateOne(spec, rules, httpClient), .. spec.Fallbacks.Select(f => CreateOne(f, rules, httpClient))], new FailoverOptions(),
                TimeProvider.System);
    }

    private IChatModel CreateOne(ModelSpec spec, OfflineRuleSet rules, HttpClient? httpClient)
    {
        return spec.Provider switch
        {
            null or "" => throw new ModelConfigurationException(
                $"model.provider is required: {ModelSpec.Offline} or {ModelSpec.OpenAiCompatible}."),
            ModelSpec.Offline => new OfflineChatModel(rules),
            ModelSpec.OpenAiCompatible => CreateOpenAiCompatible(spec, httpClient),
            _ => throw new ModelConfigurationException(
                $"model.provider '{spec.Provider}' is not supported: use {ModelSpec.Offline} or {ModelSpec.OpenAiCompatible}."),
        };
    }

    private OpenAiChatModel CreateOpenAiCompatible(ModelSpec spec, HttpClient? httpClient)
    {
        var endpoint = spec.Endpoint
            ?? throw new ModelConfigurationException($"model.endpoint is required for {ModelSpec.OpenAiCompatible}.");
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelConfigurationException(
                $"model.endpoint '{endpoint}' must be an absolute http or https URL, e.g. http://localhost:11434/v1.");
        }

        if (string.IsNullOrWhiteSpace(spec.ModelId))
        {
            throw new ModelConfigurationException($"model.modelId is required for {ModelSpec.OpenAiCompatible}.");
        }

        // SK's endpoint constructor is experimental (SKEXP0010); an OpenAIClient with its endpoint set is the stable route.
        var options = new OpenAIClientOptions { Endpoint = endpoint };
        if (httpClient is not null)
        {
            options.Transport = new HttpClientPipelineTransport(httpClient);
        }

        var client = new OpenAIClient(new ApiKeyCredential(ApiKey(spec, endpoint)), options);
        return new OpenAiChatModel(spec.ModelId, new OpenAIChatCompletionService(spec.ModelId, client, loggerFactory));
    }

    private string ApiKey(ModelSpec spec, Uri endpoint)
    {
        var variable = spec.ApiKeyEnvironmentVariable;
        var key = string.IsNullOrWhiteSpace(variable) ? null : _readEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(key))
        {
            return key;
        }

        // Local servers (Ollama, vLLM on the same host) usually need no key; anything remote does.
        if (endpoint.IsLoopback)
        {
            return LoopbackPlaceholderApiKey;
        }

        throw new ModelConfigurationException(string.IsNullOrWhiteSpace(variable)
            ? $"model.apiKeyEnvironmentVariable is required for the non-loopback endpoint {endpoint}."
            : $"Environment variable {variable} (model.apiKeyEnvironmentVariable) holds no API key for {endpoint}; set it, or use a loopback endpoint.");
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ambient.Llm;
using Ambient.Llm.Offline;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Agents;

/// <summary>
/// Reads one agent YAML file. Subscription topics may be written as Ambient's logical names
/// (<c>github</c>, <c>slack</c>, <c>cluster</c>, <c>schedule</c>) or as literal topic names.
/// </summary>
internal static partial class AgentFileReader
{
    // Long enough for "platform-team (alice@example.com)", short enough for a table column and an Agent Card.
    private const int MaxOwnerLength = 100;

    /// <param name="file">The file, for errors.</param>
    /// <param name="text">Its content.</param>
    /// <param name="topics">Topic names, for logical subscription names.</param>
    /// <param name="knownTools">The worker's tools; null to check tool names only against the file's own MCP servers and syntax (the host checks the rest once its tools are registered).</param>
    public static AgentDefinition Read(string file, string text, RunTopics topics, IReadOnlySet<string>? knownTools)
    {
        var root = Parse(file, text);
        root.AllowOnly("name", "owner", "description", "subscriptions", "model", "systemPrompt", "tools", "mcpServers", "limits", "offline", "healthProbe");
        var name = root.RequiredString("name");
        if (!NamePattern().IsMatch(name))
        {
            throw root.Error(root.Find("name")!, $"name '{name}' must be 1-60 lower-case letters, digits and dashes, starting with a letter");
        }

        var owner = ReadOwner(root);
        var mcpServers = McpServersReader.Read(root);
        var known = KnownTools.For(knownTools, mcpServers);
        var offlineRules = OfflineRulesReader.Read(root.OptionalSection("offline"), known);
        try
        {
            // Compiles every path and template now, so a bad rule fails the start, not the first event.
            _ = new OfflineRuleMatcher(offlineRules);
        }
        catch (OfflineRuleException ex)
        {
            throw new AgentDefinitionException($"{file}: offline rules: {ex.Message}", ex);
        }

        return new AgentDefinition(
            name,
            owner,
            root.OptionalString("description"),
            file,
            ReadSubscriptions(root, topics),
            ReadModel(root.OptionalSection("model")),
            root.RequiredString("systemPrompt"),
            ReadTools(root, known),
            ReadLimits(root.OptionalSection("limits")),
            offlineRules,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8),
            ReadPricing(root.OptionalSection("model")?.OptionalSection("cost")))
        {
            McpServers = mcpServers,
            HealthProbe = HealthProbeReader.Read(root.OptionalSection("healthProbe")),
        };
    }

    /// <summary>The team or person who answers for the agent: one line, required, so the inventory never shows an orphan.</summary>
    private static string ReadOwner(YamlSection root)
    {
        const string Example = "add a line such as `owner: team-sre` (the team or person who answers for this agent)";
        switch (root.Find("owner"))
        {
            case null:
                throw root.Error(root.Node, $"owner is required: {Example}");
            case YamlScalarNode { Value: var empty } node when string.IsNullOrWhiteSpace(empty):
                throw root.Error(node, $"owner must not be empty: {Example}");
        }

        var owner = root.RequiredString("owner").Trim();
        return owner.Any(char.IsControl) || owner.Length > MaxOwnerLength
            ? throw root.Error(root.Find("owner")!, $"owner must be one line of at most {MaxOwnerLength} characters (a team or person, e.g. `owner: team-sre`)")
            : owner;
    }

    private static YamlSection Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new AgentDefinitionException($"{file}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.Message}", ex);
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
            ? new YamlSection(file, string.Empty, mapping)
            : throw new AgentDefinitionException($"{file}:1:1: an agent file must hold exactly one YAML mapping");
    }

    private static List<AgentSubscription> ReadSubscriptions(YamlSection root, RunTopics topics)
    {
        var subscriptions = root.SectionList("subscriptions", required: true);
        if (subscriptions.Count == 0)
        {
            throw root.Error(root.Find("subscriptions")!, "subscriptions must list at least one topic");
        }

        return [.. subscriptions.Select(section =>
        {
            section.AllowOnly("topic", "types", "ingress");
            var named = section.RequiredString("topic");
            var topic = topics.Sources.TryGetValue(named, out var source) ? source : named;
            return new AgentSubscription(topic, section.StringList("types")) { Ingress = section.StringList("ingress") };
        })];
    }

    private static ModelSpec ReadModel(YamlSection? section)
    {
        if (section is null)
        {
            return ModelSpec.OfflineModel;
        }

        section.AllowOnly("provider", "endpoint", "modelId", "apiKeyEnv", "cost", "fallbacks", "onFallback");
        var onFallback = section.OptionalString("onFallback") ?? ModelSpec.FallbackContinue;
        if (onFallback is not (ModelSpec.FallbackContinue or ModelSpec.FallbackApprovesEffects or ModelSpec.FallbackPause))
        {
            throw section.Error(section.Find("onFallback")!,
                $"{section.Field("onFallback")} must be {ModelSpec.FallbackContinue}, {ModelSpec.FallbackApprovesEffects} or {ModelSpec.FallbackPause}, got '{onFallback}'");
        }

        if (onFallback == ModelSpec.FallbackPause && section.Find("fallbacks") is { } listed)
        {
            throw section.Error(listed,
                $"{section.Field("onFallback")} is {ModelSpec.FallbackPause}: the agent is held while its own model is out and no fallback answers; remove {section.Field("fallbacks")} or choose {ModelSpec.FallbackContinue} or {ModelSpec.FallbackApprovesEffects}");
        }

        return ReadModelSpec(section) with
        {
            OnFallback = onFallback,
            // Each fallback as the model is written, without cost (the agent's price table prices every call) or fallbacks of its own.
            Fallbacks = [.. section.SectionList("fallbacks", required: false).Select(fallback =>
            {
                fallback.AllowOnly("provider", "endpoint", "modelId", "apiKeyEnv");
                return ReadModelSpec(fallback);
            })],
        };
    }

    private static ModelSpec ReadModelSpec(YamlSection section)
    {
        var provider = section.OptionalString("provider") ?? ModelSpec.Offline;
        if (provider is not (ModelSpec.Offline or ModelSpec.OpenAiCompatible))
        {
            throw section.Error(section.Find("provider")!, $"{section.Field("provider")} must be '{ModelSpec.Offline}' or '{ModelSpec.OpenAiCompatible}', got '{provider}'");
        }

        Uri? endpoint = null;
        if (section.OptionalString("endpoint") is { } text && !Uri.TryCreate(text, UriKind.Absolute, out endpoint))
        {
            throw section.Error(section.Find("endpoint")!, $"{section.Field("endpoint")} must be an absolute URL, got '{text}'");
        }

        var modelId = section.OptionalString("modelId");
        if (provider == ModelSpec.OpenAiCompatible && (endpoint is null || modelId is null))
        {
            throw section.Error(section.Node, $"{section.Field(endpoint is null ? "endpoint" : "modelId")} is required for provider '{ModelSpec.OpenAiCompatible}'");
        }

        return new ModelSpec(provider, endpoint, modelId, section.OptionalString("apiKeyEnv"));
    }

    private static ModelPricing ReadPricing(YamlSection? section)
    {
        if (section is null)
        {
            return ModelPricing.Free;
        }

        section.AllowOnly("inputPerMillionTokens", "outputPerMillionTokens");
        return new ModelPricing(section.OptionalDecimal("inputPerMillionTokens"), section.OptionalDecimal("outputPerMillionTokens"));
    }

    private static List<string> ReadTools(YamlSection root, KnownTools known)
    {
        var tools = root.StringList("tools");
        foreach (var tool in tools)
        {
            if (known.Problem(tool) is { } problem)
            {
                throw root.Error(root.Find("tools")!, $"tools lists {problem}");
            }
        }

        return [.. tools.Distinct(StringComparer.Ordinal)];
    }

    private static AgentLimits ReadLimits(YamlSection? section)
    {
        if (section is null)
        {
            return AgentLimits.Default;
        }

        section.AllowOnly("maxTokensPerCall", "timeoutSeconds", "maxConcurrentRuns", "maxTokensPerDay", "maxTurns", "delegateTimeoutSeconds", "toolTimeoutSeconds");
        var defaults = AgentLimits.Default;
        return new AgentLimits(
            section.OptionalPositiveInt("maxTokensPerCall", defaults.MaxTokensPerCall),
            section.OptionalPositiveInt("timeoutSeconds", defaults.TimeoutSeconds),
            section.OptionalPositiveInt("maxConcurrentRuns", defaults.MaxConcurrentRuns),
            section.OptionalPositiveLong("maxTokensPerDay", defaults.MaxTokensPerDay),
            section.OptionalPositiveInt("maxTurns", defaults.MaxTurns),
            section.OptionalPositiveInt("delegateTimeoutSeconds", defaults.DelegateTimeoutSeconds),
            section.OptionalPositiveInt("toolTimeoutSeconds", defaults.ToolTimeoutSeconds));
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,59}$")]
    private static partial Regex NamePattern();
}

using Ambient.Abstractions.Topics;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;

namespace Ambient.Runtime.Tests;

public sealed class AgentCatalogTests
{
    private static readonly AmbientTopics s_topics = new();

    [Fact]
    public void Load_ShippedSampleAgents_AllValid()
    {
        var catalog = AgentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "agents"), s_topics, ToolRegistry.Default.Names);

        Assert.Equal(["github-triage", "incident-responder", "slack-helper", "weekly-digest"], catalog.Agents.Select(a => a.Name));
        var triage = catalog.Agents[0];
        Assert.Equal(ModelSpec.Offline, triage.Model.Provider);
        var subscription = Assert.Single(triage.Subscriptions);
        Assert.Equal("ambient.events.github", subscription.Topic);
        Assert.Equal(["com.github.issues.opened"], subscription.Types);
        Assert.Equal(3, triage.OfflineRules.Rules.Count);
        Assert.True(triage.Handles("ambient.events.github", "com.github.issues.opened", "github"));
        Assert.False(triage.Handles("ambient.events.github", "com.github.issues.closed", "github"));
        Assert.True(catalog.Agents[1].Handles("ambient.events.cluster", "io.k8s.event.BackOff", "kubernetes"));
    }

    [Fact]
    public void Load_ShippedSampleAgents_AcceptOnlyVerifiedOrOperatorIngress()
    {
        var catalog = AgentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "agents"), s_topics, ToolRegistry.Default.Names);
        var responder = catalog.Agents.Single(a => a.Name == "incident-responder");

        Assert.All(catalog.Agents, agent => Assert.All(agent.Subscriptions, s => Assert.Equal(["verified", "cli"], s.Ingress)));
        Assert.True(responder.Handles("ambient.events.cluster", "io.k8s.event.BackOff", "kubernetes"));
        Assert.True(responder.Handles("ambient.events.cluster", "io.prometheus.alert.firing", "alertmanager"));
        Assert.True(responder.Handles("ambient.events.cluster", "io.k8s.event.BackOff", "cli"));
        Assert.False(responder.Handles("ambient.events.cluster", "io.k8s.event.BackOff", "publish:default"));
        Assert.False(responder.Handles("ambient.events.cluster", "io.k8s.event.BackOff", null));
    }

    [Fact]
    public void Load_SubscriptionIngressPatterns_GlobsAndVerified()
    {
        var directory = Directory.CreateTempSubdirectory("agents-").FullName;
        File.WriteAllText(Path.Combine(directory, "a.yaml"), "name: a\nsubscriptions:\n  - topic: custom\n    ingress: [publish:ci-*, github]\n  - topic: github\nsystemPrompt: x\n");

        var agent = Assert.Single(AgentCatalog.Load(directory, s_topics, ToolRegistry.Default.Names).Agents);

        Assert.True(agent.Handles("ambient.events.custom", "any.type", "publish:ci-nightly"));
        Assert.True(agent.Handles("ambient.events.custom", "any.type", "github"));
        Assert.False(agent.Handles("ambient.events.custom", "any.type", "publish:default"));
        Assert.True(agent.Handles("ambient.events.github", "any.type", null));
    }

    [Theory]
    [InlineData("name: Bad_Name\n", "a.yaml:1:7: name 'Bad_Name' must be 1-60 lower-case letters")]
    [InlineData(Valid + "limits:\n  timeoutSeconds: soon\n", "a.yaml:7:19: limits.timeoutSeconds must be a positive integer, got 'soon'")]
    [InlineData(Valid + "limtis:\n  timeoutSeconds: 5\n", "a.yaml:6:1: limtis is not a known field")]
    [InlineData(Valid + "tools: [github.delete_repository]\n", "a.yaml:6:8: tools lists unknown tool 'github.delete_repository'")]
    [InlineData("name: a\nsubscriptions: []\nsystemPrompt: x\n", "a.yaml:2:16: subscriptions must list at least one topic")]
    [InlineData("name: a\nsubscriptions:\n  - topic: github\n", "a.yaml:1:1: systemPrompt is required")]
    [InlineData(Valid + "model:\n  provider: openai-compatible\n  modelId: gpt-4o\n", "a.yaml:7:3: model.endpoint is required for provider 'openai-compatible'")]
    [InlineData(Valid + "offline:\n  rules:\n    - name: r\n      when: {fields: [{path: issue.title}]}\n", "a.yaml:9:30: offline.rules[0].when.fields[0].path must be a JSONPath starting with '$'")]
    [InlineData("name: a\n  bad: [indent\n", "a.yaml:")]
    public void Load_InvalidFile_ErrorNamesFileLineAndField(string yaml, string expected)
    {
        var error = Assert.Throws<AgentDefinitionException>(() => AgentCatalog.FromFiles([("a.yaml", yaml)], s_topics, ToolRegistry.Default.Names));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoAgentsWithOneName_Refused()
    {
        var error = Assert.Throws<AgentDefinitionException>(() =>
            AgentCatalog.FromFiles([("a.yaml", Valid), ("b.yaml", Valid)], s_topics, ToolRegistry.Default.Names));

        Assert.Equal("b.yaml: agent name 'a' is already used by a.yaml", error.Message);
    }

    [Fact]
    public void Load_OfflineArguments_KeepYamlTypes()
    {
        var catalog = AgentCatalog.FromFiles([("a.yaml", Valid + """
            tools: [github.add_labels]
            offline:
              rules:
                - name: r
                  when: {types: [com.github.*]}
                  calls:
                    - tool: github.add_labels
                      arguments: {repository: "o/r", issueNumber: 7, labels: [bug, "42"], quoted: "7"}
            """)], s_topics, ToolRegistry.Default.Names);

        var arguments = catalog.Agents.Single().OfflineRules.Rules.Single().Calls.Single().Arguments;
        Assert.Equal(7, arguments["issueNumber"]!.GetValue<long>());
        Assert.Equal("7", arguments["quoted"]!.GetValue<string>());
        Assert.Equal("""["bug","42"]""", arguments["labels"]!.ToJsonString());
    }

    private const string Valid = "name: a\nsubscriptions:\n  - topic: github\n    types: [com.github.issues.opened]\nsystemPrompt: Triage.\n";
}

using Ambient.Testing;
using Ambient.Abstractions.Tools;
using Ambient.Kafka.Topics;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;
using Ambient.Worker.Topics;

namespace Ambient.Runtime.Tests;

public sealed class AgentCatalogTests
{
    private static readonly AmbientTopics s_topics = new();

    [Fact]
    public void Load_ShippedSampleAgents_AllValid()
    {
        var catalog = AgentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "agents"), s_topics.ForRuns(), WorkerTools.Names);

        Assert.Equal(["github-triage", "incident-responder", "slack-helper", "weekly-digest"], catalog.Agents.Select(a => a.Name));
        var triage = catalog.Agents[0];
        Assert.Equal("team-dev-experience", triage.Owner);
        Assert.All(catalog.Agents, agent => Assert.False(string.IsNullOrWhiteSpace(agent.Description)));
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
        var catalog = AgentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "agents"), s_topics.ForRuns(), WorkerTools.Names);
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
        File.WriteAllText(Path.Combine(directory, "a.yaml"), "name: a\nowner: team-a\nsubscriptions:\n  - topic: custom\n    ingress: [publish:ci-*, github]\n  - topic: github\nsystemPrompt: x\n");

        var agent = Assert.Single(AgentCatalog.Load(directory, s_topics.ForRuns(), ToolRegistry.Default.Names).Agents);

        Assert.True(agent.Handles("ambient.events.custom", "any.type", "publish:ci-nightly"));
        Assert.True(agent.Handles("ambient.events.custom", "any.type", "github"));
        Assert.False(agent.Handles("ambient.events.custom", "any.type", "publish:default"));
        Assert.True(agent.Handles("ambient.events.github", "any.type", null));
    }

    [Theory]
    [InlineData("name: Bad_Name\n", "a.yaml:1:7: name 'Bad_Name' must be 1-60 lower-case letters")]
    [InlineData(Valid + "limits:\n  timeoutSeconds: soon\n", "a.yaml:8:19: limits.timeoutSeconds must be a positive integer, got 'soon'")]
    [InlineData(Valid + "limtis:\n  timeoutSeconds: 5\n", "a.yaml:7:1: limtis is not a known field")]
    [InlineData(Valid + "tools: [github.delete_repository]\n", "a.yaml:7:8: tools lists unknown tool 'github.delete_repository'")]
    [InlineData("name: a\nowner: team-a\nsubscriptions: []\nsystemPrompt: x\n", "a.yaml:3:16: subscriptions must list at least one topic")]
    [InlineData("name: a\nowner: team-a\nsubscriptions:\n  - topic: github\n", "a.yaml:1:1: systemPrompt is required")]
    [InlineData(Valid + "model:\n  provider: openai-compatible\n  modelId: gpt-4o\n", "a.yaml:8:3: model.endpoint is required for provider 'openai-compatible'")]
    [InlineData(Valid + "offline:\n  rules:\n    - name: r\n      when: {fields: [{path: issue.title}]}\n", "a.yaml:10:30: offline.rules[0].when.fields[0].path must be a JSONPath starting with '$'")]
    [InlineData("name: a\n  bad: [indent\n", "a.yaml:")]
    [InlineData("name: a\nsubscriptions:\n  - topic: github\nsystemPrompt: x\n", "a.yaml:1:1: owner is required: add a line such as `owner: team-sre`")]
    [InlineData("name: a\nowner: \"  \"\nsubscriptions:\n  - topic: github\nsystemPrompt: x\n", "a.yaml:2:8: owner must not be empty: add a line such as `owner: team-sre`")]
    [InlineData("name: a\nowner: [team-a]\nsubscriptions:\n  - topic: github\nsystemPrompt: x\n", "a.yaml:2:8: owner must be a text value")]
    [InlineData("name: a\nowner: |\n  team-a\n  and team-b\nsubscriptions:\n  - topic: github\nsystemPrompt: x\n", "a.yaml:2:8: owner must be one line of at most 100 characters")]
    [InlineData(Valid + "tools: [notify.send_email]\noffline:\n  rules:\n    - name: r\n      when: {types: ['*']}\n      calls:\n        - tool: notify.send_email\n          arguments: {subject: '{{ results.runbook.title }}'}\n",
        "a.yaml:14:32: offline.rules[0] (rule 'r') reads results.runbook, which no earlier call of the rule names with 'as: runbook'")]
    [InlineData(Valid + "tools: [rb.lookup]\n", "a.yaml:7:8: tools lists unknown tool 'rb.lookup'")]
    [InlineData(Valid + "mcpServers:\n  - name: rb\n    command: [node, rb.js]\n    tools: {lookup: read}\ntools: [rb.page]\n",
        "a.yaml:11:8: tools lists 'rb.page', which its MCP server 'rb' does not declare under mcpServers[].tools")]
    [InlineData(Valid + "mcpServers:\n  - name: rb\n    command: [node]\n    url: http://rb/mcp\n    tools: {lookup: read}\n", "a.yaml:8:5: mcpServers[0] needs exactly one of command")]
    [InlineData(Valid + "mcpServers:\n  - name: github\n    url: http://rb/mcp\n    tools: {lookup: read}\n", "a.yaml:8:11: mcpServers[0].name 'github' is a built-in plugin's name")]
    [InlineData(Valid + "mcpServers:\n  - name: rb\n    url: http://rb/mcp\n    tools: {lookup: write}\n", "a.yaml:10:21: mcpServers[0].tools: 'write' must be read or effect")]
    [InlineData(Valid + "model:\n  provider: offline\n  fallbacks:\n    - provider: gpt\n", "a.yaml:10:17: model.fallbacks[0].provider must be 'offline' or 'openai-compatible', got 'gpt'")]
    [InlineData(Valid + "model:\n  provider: offline\n  fallbacks:\n    - {provider: offline, fallbacks: []}\n", "a.yaml:10:27: model.fallbacks[0].fallbacks is not a known field")]
    [InlineData(Valid + "model:\n  provider: offline\n  onFallback: stop\n", "a.yaml:9:15: model.onFallback must be continue, approve-effects or pause, got 'stop'")]
    [InlineData(Valid + "model:\n  provider: offline\n  onFallback: pause\n  fallbacks:\n    - provider: offline\n",
        "a.yaml:11:5: model.onFallback is pause: the agent is held while its own model is out and no fallback answers; remove model.fallbacks or choose continue or approve-effects")]
    [InlineData(Valid + "healthProbe:\n  type: liveness\n", "a.yaml:8:9: healthProbe.type must be semantic, got 'liveness'")]
    [InlineData(Valid + "healthProbe:\n  expect: '([A-Z'\n", "a.yaml:8:11: healthProbe.expect is not a regular expression")]
    [InlineData(Valid + "healthProbe:\n  failureThreshold: 0\n", "a.yaml:8:21: healthProbe.failureThreshold must be a positive integer")]
    public void Load_InvalidFile_ErrorNamesFileLineAndField(string yaml, string expected)
    {
        var error = Assert.Throws<AgentDefinitionException>(() => AgentCatalog.FromFiles([("a.yaml", yaml)], s_topics.ForRuns(), ToolRegistry.Default.Names));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Owner_TrimmedAndCappedAt100Characters()
    {
        var owner = AgentCatalog.FromFiles([("a.yaml", Valid.Replace("owner: team-a", "owner: ' platform team (alice) '", StringComparison.Ordinal))],
            s_topics.ForRuns(), ToolRegistry.Default.Names).Agents.Single().Owner;
        var tooLong = Valid.Replace("owner: team-a", "owner: " + new string('x', 101), StringComparison.Ordinal);

        var error = Assert.Throws<AgentDefinitionException>(() => AgentCatalog.FromFiles([("a.yaml", tooLong)], s_topics.ForRuns(), ToolRegistry.Default.Names));

        Assert.Equal("platform team (alice)", owner);
        Assert.StartsWith("a.yaml:2:8: owner must be one line of at most 100 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoAgentsWithOneName_Refused()
    {
        var error = Assert.Throws<AgentDefinitionException>(() =>
            AgentCatalog.FromFiles([("a.yaml", Valid), ("b.yaml", Valid)], s_topics.ForRuns(), ToolRegistry.Default.Names));

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
            """)], s_topics.ForRuns(), ToolRegistry.Default.Names);

        var arguments = catalog.Agents.Single().OfflineRules.Rules.Single().Calls.Single().Arguments;
        Assert.Equal(7, arguments["issueNumber"]!.GetValue<long>());
        Assert.Equal("7", arguments["quoted"]!.GetValue<string>());
        Assert.Equal("""["bug","42"]""", arguments["labels"]!.ToJsonString());
    }

    [Fact]
    public void Load_McpServers_ReadWithToolsAndKinds()
    {
        var agent = AgentCatalog.FromFiles([("a.yaml", Valid + """
            mcpServers:
              - name: runbooks
                command: [node, tools/runbooks-mcp.js]
                env: { RUNBOOKS_DIR: /runbooks }
                tools: { lookup_runbook: read, page_oncall: effect }
            tools: [runbooks.lookup_runbook, runbooks.page_oncall, notify.incident_report]
            offline:
              rules:
                - name: r
                  when: {types: ['*']}
                  calls:
                    - tool: runbooks.lookup_runbook
                      as: runbook
                      arguments: { alert: "{{ $.labels.alertname }}" }
                    - tool: notify.incident_report
                      arguments: { title: "{{ $.labels.alertname }}", resolution: ["{{ results.runbook.steps[0] }}"] }
                  reply: "Steps: {{ results.runbook }}"
            """)], s_topics.ForRuns(), ToolRegistry.Default.Names).Agents.Single();

        var server = Assert.Single(agent.McpServers);
        Assert.Equal(["node", "tools/runbooks-mcp.js"], server.Command);
        Assert.Equal("/runbooks", server.Environment["RUNBOOKS_DIR"]);
        Assert.Equal(ToolKind.Read, server.Tools["lookup_runbook"]);
        Assert.Equal(ToolKind.Effect, server.Tools["page_oncall"]);
        Assert.Equal("mcp:runbooks", server.ActionTarget);
        Assert.Equal("runbook", agent.OfflineRules.Rules.Single().Calls[0].As);
    }

    [Fact]
    public void CheckTools_ToolNoWorkerToolProvides_NamesAgentFileAndTool()
    {
        var agents = AgentCatalog.FromFiles([("a.yaml", Valid + "tools: [github.get_issue]\n")], s_topics.ForRuns(), knownTools: null).Agents;

        var error = Assert.Throws<AgentDefinitionException>(() => AgentCatalog.CheckTools(agents, ToolRegistry.Default.Names));

        Assert.StartsWith("a.yaml: agent a lists unknown tool 'github.get_issue'", error.Message, StringComparison.Ordinal);
    }

    private const string Valid = "name: a\nowner: team-a\nsubscriptions:\n  - topic: github\n    types: [com.github.issues.opened]\nsystemPrompt: Triage.\n";
}

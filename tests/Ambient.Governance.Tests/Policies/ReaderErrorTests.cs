using Ambient.Governance.Policies;

namespace Ambient.Governance.Tests.Policies;

/// <summary>Every way a policy file can be wrong fails the read, naming file, line, column and field.</summary>
public sealed class ReaderErrorTests
{
    private const string File = "policies/bad.yaml";

    // A rule r whose match is the lines given, at line 5 onward (match: is line 4).
    private const string RuleWithMatch = "name: a\nrules:\n  - name: r\n    decision: deny\n    match:\n";

    public static TheoryData<string, string> FileErrors => new()
    {
        { "", "policies/bad.yaml:1:1: the file is empty; a policy file holds one policy (name, rules)" },
        { "# nothing but a comment\n", "policies/bad.yaml:1:1: the file is empty" },
        { "name: a\n---\nname: b\n", "policies/bad.yaml:3:1: a policy file holds one YAML document, this one holds more" },
        { "- a\n- b\n", "policies/bad.yaml:1:1: a policy file must be a mapping (name, rules)" },
        { "name: a\nname: b\n", "policies/bad.yaml:2:1: not valid YAML: Duplicate key" },
        { "name: a\n? [x]\n: y\n", "policies/bad.yaml:2:3: the policy has a key that is not a plain name" },
        { "name: a\nrule: []\n", "policies/bad.yaml:2:1: rule is not a known field (expected one of: name, description, default, approvers, expiresIn, onExpiry, rules)" },
        { "description: d\n", "policies/bad.yaml:1:1: name is required" },
        { "name: Default Zones\n", "policies/bad.yaml:1:7: name 'Default Zones' must be lower-case letters, digits and dashes, starting with a letter" },
        { "name: a\ndescription: [d]\n", "policies/bad.yaml:2:14: description must be a text value" },
        { "name: a\ndefault: block\n", "policies/bad.yaml:2:10: default must be one of allow, review, approve, deny, got 'block'" },
        { "name: a\ndefault: approve\n", "policies/bad.yaml:1:1: approvers is required when default is approve: who may answer (Slack user ids or user names)" },
        { "name: a\napprovers: [alice]\n", "policies/bad.yaml:2:12: approvers is only for default approve, not allow" },
        { "name: a\nrules: {name: r}\n", "policies/bad.yaml:2:8: rules must be a list" },
        { "name: a\nrules:\n  - just-a-name\n", "policies/bad.yaml:3:5: rules[0] must be a mapping" },
    };

    public static TheoryData<string, string> RuleErrors => new()
    {
        { "name: a\nrules:\n  - name: r\n    decison: deny\n", "policies/bad.yaml:4:5: rules[0].decison is not a known field (expected one of: name, match, decision, reason, approvers, expiresIn, onExpiry)" },
        { "name: a\nrules:\n  - name: r\n", "policies/bad.yaml:3:5: rules[0].decision is required" },
        { "name: a\nrules:\n  - decision: deny\n", "policies/bad.yaml:3:5: rules[0].name is required" },
        { "name: a\nrules:\n  - {name: Restart, decision: deny}\n", "policies/bad.yaml:3:12: rules[0].name 'Restart' must be lower-case letters, digits and dashes, starting with a letter" },
        { "name: a\nrules:\n  - {name: r, decision: allow}\n  - {name: r, decision: deny}\n", "policies/bad.yaml:4:12: rules[1].name 'r' is already the name of rules[0]" },
        { "name: a\nrules:\n  - {name: r, decision: block}\n", "policies/bad.yaml:3:25: rules[0].decision must be one of allow, review, approve, deny, got 'block'" },
        { "name: a\nrules:\n  - name: r\n    decision: review\n    approvers: [alice]\n", "policies/bad.yaml:5:16: rules[0].approvers is only for rules[0].decision approve, not review" },
        { "name: a\nrules:\n  - name: r\n    decision: allow\n    expiresIn: 1h\n", "policies/bad.yaml:5:16: rules[0].expiresIn is only for rules[0].decision approve, not allow" },
        { "name: a\nrules:\n  - name: r\n    decision: deny\n    onExpiry: allow\n", "policies/bad.yaml:5:15: rules[0].onExpiry is only for rules[0].decision approve, not deny" },
        { "name: a\nrules:\n  - name: r\n    decision: approve\n", "policies/bad.yaml:3:5: rules[0].approvers is required when rules[0].decision is approve: who may answer (Slack user ids or user names)" },
        { "name: a\nrules:\n  - name: r\n    decision: approve\n    approvers: [alice smith]\n", "policies/bad.yaml:5:17: rules[0].approvers[0] 'alice smith' must be a Slack user id or user name, without spaces" },
        { "name: a\nrules:\n  - name: r\n    decision: approve\n    approvers: [alice]\n    expiresIn: 1 hour\n", "policies/bad.yaml:6:16: rules[0].expiresIn must be a duration like 30s, 15m, 1h or 2d, got '1 hour'" },
        { "name: a\nrules:\n  - name: r\n    decision: approve\n    approvers: [alice]\n    expiresIn: 0s\n", "policies/bad.yaml:6:16: rules[0].expiresIn must be a duration like 30s, 15m, 1h or 2d, got '0s'" },
        { "name: a\nrules:\n  - name: r\n    decision: approve\n    approvers: [alice]\n    onExpiry: review\n", "policies/bad.yaml:6:15: rules[0].onExpiry must be deny or allow, got 'review'" },
        { "name: a\nrules:\n  - name: r\n    decision: deny\n    match: [tools]\n", "policies/bad.yaml:5:12: rules[0].match must be a mapping" },
    };

    public static TheoryData<string, string> MatchErrors => new()
    {
        { "      tool: [github.comment]\n", "policies/bad.yaml:6:7: rules[0].match.tool is not a known field (expected one of: agents, tools, targets, eventTypes, ingress, arguments, confidence, time)" },
        { "      tools: [kubernetes.restart_workload, kubernetes.scale workload]\n", "policies/bad.yaml:6:44: rules[0].match.tools[1] 'kubernetes.scale workload' is not a valid glob: it contains whitespace" },
        { "      tools: [github]\n", "policies/bad.yaml:6:15: rules[0].match.tools[0] 'github' is not a valid glob: it can never match: tool names are plugin.function (did you mean 'github.*'?)" },
        { "      tools: []\n", "policies/bad.yaml:6:14: rules[0].match.tools must list at least one value (leave it out to match any)" },
        { "      tools: [{a: b}]\n", "policies/bad.yaml:6:15: rules[0].match.tools[0] must be a text value" },
        { "      agents: ['triage-?']\n", "policies/bad.yaml:6:16: rules[0].match.agents[0] 'triage-?' is not a valid glob: it uses '?', but '*' is the only wildcard" },
        { "      targets: ['']\n", "policies/bad.yaml:6:17: rules[0].match.targets[0] '' is not a valid glob: it is empty" },
        { "      eventTypes: ['io.k8s.[a-z]*']\n", "policies/bad.yaml:6:20: rules[0].match.eventTypes[0] 'io.k8s.[a-z]*' is not a valid glob: it uses '[', but '*' is the only wildcard" },
        { "      ingress: [verified-github]\n", "policies/bad.yaml:6:17: rules[0].match.ingress[0] 'verified-github' is not an ingress Ambient stamps (expected verified, github, slack, alertmanager, kubernetes, schedule, executor, worker, cli or publish:<token name>)" },
        { "      arguments: []\n", "policies/bad.yaml:6:18: rules[0].match.arguments must list at least one condition (leave it out to match any)" },
        { "      arguments:\n        - {path: $..a, equals: x}\n", "policies/bad.yaml:7:18: rules[0].match.arguments[0].path is not a supported JSONPath: Invalid JSONPath '$..a': expected a member name after '.' at position 2." },
        { "      arguments:\n        - {equals: x}\n", "policies/bad.yaml:7:11: rules[0].match.arguments[0].path is required" },
        { "      arguments:\n        - {path: $.a, regex: '(unclosed'}\n", "policies/bad.yaml:7:30: rules[0].match.arguments[0].regex '(unclosed' is not a valid regex: " },
        { "      arguments:\n        - {path: $.a}\n", "policies/bad.yaml:7:11: rules[0].match.arguments[0].path '$.a' has no test: give one of regex, equals, in, exists, greaterThan, greaterOrEqual, lessThan, lessOrEqual" },
        { "      arguments:\n        - {path: $.replicas, greaterThan: ten}\n", "policies/bad.yaml:7:43: rules[0].match.arguments[0].greaterThan must be a number, got 'ten'" },
        { "      arguments:\n        - {path: $.a, matches: x}\n", "policies/bad.yaml:7:23: rules[0].match.arguments[0].matches is not a known field (expected one of: path, regex, equals, in, exists, greaterThan, greaterOrEqual, lessThan, lessOrEqual)" },
        { "      arguments:\n        - {path: $.a, equals: [x]}\n", "policies/bad.yaml:7:31: rules[0].match.arguments[0].equals must be a text value" },
        { "      arguments:\n        - {path: $.a, exists: maybe}\n", "policies/bad.yaml:7:31: rules[0].match.arguments[0].exists must be true or false" },
        { "      arguments:\n        - {path: $.a, in: []}\n", "policies/bad.yaml:7:27: rules[0].match.arguments[0].in must list at least one value (leave it out to match any)" },
        { "      confidence: {below: 1.5}\n", "policies/bad.yaml:6:27: rules[0].match.confidence.below must be between 0 and 1, got 1.5" },
        { "      confidence: {atLeast: -0.1}\n", "policies/bad.yaml:6:29: rules[0].match.confidence.atLeast must be between 0 and 1, got -0.1" },
        { "      confidence: {below: 0.2, atLeast: 0.5}\n", "policies/bad.yaml:6:27: rules[0].match.confidence.below 0.2 must be greater than rules[0].match.confidence.atLeast 0.5, or nothing can match" },
        { "      confidence: {}\n", "policies/bad.yaml:6:19: rules[0].match.confidence must set below, atLeast or both" },
        { "      confidence: {above: 0.5}\n", "policies/bad.yaml:6:20: rules[0].match.confidence.above is not a known field (expected one of: below, atLeast)" },
        { "      time:\n        days: [sat, funday]\n", "policies/bad.yaml:7:21: rules[0].match.time.days[1] 'funday' is not a day: use mon, tue, wed, thu, fri, sat or sun" },
        { "      time:\n        between: ['18:00']\n", "policies/bad.yaml:7:18: rules[0].match.time.between must hold two times, [from, to], e.g. [\"18:00\", \"08:00\"]" },
        { "      time:\n        between: ['25:00', '08:00']\n", "policies/bad.yaml:7:19: rules[0].match.time.between[0] '25:00' must be a time HH:mm, 00:00 to 23:59" },
        { "      time:\n        between: ['18:00', '8:00']\n", "policies/bad.yaml:7:28: rules[0].match.time.between[1] '8:00' must be a time HH:mm, 00:00 to 23:59" },
        { "      time:\n        between: ['08:00', '08:00']\n", "policies/bad.yaml:7:18: rules[0].match.time.between must name two different times (the window would be empty)" },
        { "      time:\n        days: [sat]\n        timezone: Mars/Olympus\n", "policies/bad.yaml:8:19: rules[0].match.time.timezone 'Mars/Olympus' is not a known time zone (use an IANA id such as Europe/Berlin or UTC)" },
        { "      time: {timezone: UTC}\n", "policies/bad.yaml:6:13: rules[0].match.time must set days, between or both" },
        { "      time: {days: [sat], at: '12:00'}\n", "policies/bad.yaml:6:27: rules[0].match.time.at is not a known field (expected one of: days, between, timezone)" },
    };

    [Theory]
    [MemberData(nameof(FileErrors))]
    [MemberData(nameof(RuleErrors))]
    public void Read_BadPolicy_ThrowsNamingFileLineColumnAndField(string yaml, string expected)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyReader.Read(File, yaml));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MatchErrors))]
    public void Read_BadMatch_ThrowsNamingFileLineColumnAndField(string match, string expected)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyReader.Read(File, RuleWithMatch + match));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidYaml_NamesWhereTheParserStopped()
    {
        var error = Assert.Throws<PolicyException>(() => PolicyReader.Read(File, "name: a\nrules:\n  - name: [r\n    decision: deny\n"));

        Assert.Matches(@"^policies/bad\.yaml:\d+:\d+: not valid YAML: [^(]", error.Message);
    }

    [Fact]
    public void Read_GoodPolicy_KeepsWhatItRead()
    {
        const string Yaml = """
            name: default-zones
            description: The zones.
            default: review
            rules:
              - name: prod-restarts
                match: {tools: [kubernetes.restart_workload]}
                decision: approve
                reason: Production restarts need a human.
                approvers: [U024BE7LH, alice]
                expiresIn: 2d
                onExpiry: allow
              - name: comments
                decision: allow
            """;

        var policy = PolicyReader.Read("policies/default.yaml", Yaml);

        Assert.Equal(("default-zones", "The zones.", PolicyVerdict.Review, "policies/default.yaml", Yaml),
            (policy.Name, policy.Description, policy.Default, policy.SourceFile, policy.Text));
        Assert.Equal(["prod-restarts", "comments"], policy.Rules.Select(rule => rule.Name));
        var restarts = policy.Rules[0];
        Assert.Equal((PolicyVerdict.Approve, "Production restarts need a human.", TimeSpan.FromDays(2), PolicyVerdict.Allow),
            (restarts.Verdict, restarts.Reason, restarts.ExpiresIn, restarts.OnExpiry));
        Assert.Equal(["U024BE7LH", "alice"], restarts.Approvers);
        Assert.Equal((PolicyVerdict.Allow, null, TimeSpan.Zero), (policy.Rules[1].Verdict, policy.Rules[1].Reason, policy.Rules[1].ExpiresIn));
        Assert.Empty(policy.Rules[1].Approvers);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 15 * 60)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 2 * 86400)]
    public void Read_ExpiresIn_ReadsEachUnit(string duration, int seconds)
    {
        var policy = PolicyReader.Read(File, $"name: a\nrules:\n  - {{name: r, decision: approve, approvers: [oncall], expiresIn: {duration}}}\n");

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.Rules[0].ExpiresIn);
    }

    [Fact]
    public void Read_BlankReason_CountsAsNoReason()
    {
        var set = PolicySet.From([PolicyReader.Read(File, "name: a\nrules:\n  - {name: r, decision: deny, reason: '  '}\n")]);

        var decision = set.Evaluate(Support.Calls.Of("github.comment"));

        Assert.Null(set.Documents[0].Rules[0].Reason);
        Assert.Equal("rule r of policy a: deny", decision.Reason);
    }

    [Fact]
    public void Read_EmptyMatchAndNullValues_MatchEverything()
    {
        var policy = PolicyReader.Read(File, "name: a\nrules:\n  - name: r\n    match:\n    reason:\n    decision: deny\n");

        Assert.Null(policy.Rules[0].Reason);
        Assert.Empty(policy.Rules[0].Match.Conditions);
    }
}

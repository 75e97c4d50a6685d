using System.Text.Json.Nodes;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests.Offline;

public sealed class OfflineRuleMatcherTests
{
    [Theory]
    [InlineData("com.github.issues.*", "com.github.issues.opened", true)]
    [InlineData("com.github.*.opened", "com.github.pull_request.opened", true)]
    [InlineData("com.github.*", "com.github.push", true)]
    [InlineData("*", "anything.at.all", true)]
    [InlineData("com.github.issues.opened", "com.github.issues.opened", true)]
    [InlineData("*.opened", "com.github.issues.opened", true)]
    [InlineData("com.*.issues.*d", "com.github.issues.opened", true)]
    [InlineData("com.github.issues.*", "com.github.issue_comment.created", false)]
    [InlineData("com.github.Issues.*", "com.github.issues.opened", false)]
    [InlineData("com.github.issues", "com.github.issues.opened", false)]
    [InlineData("com.github.issues.opened.*", "com.github.issues.opened", false)]
    [InlineData("*.closed", "com.github.issues.opened", false)]
    public void IsMatch_TypeGlob_MatchesWholeTypeCaseSensitively(string pattern, string type, bool expected)
    {
        Assert.Equal(expected, TypeGlob.IsMatch(pattern, type));
    }

    [Fact]
    public void Match_SeveralRulesMatch_ReturnsFirst()
    {
        var matcher = new OfflineRuleMatcher(new OfflineRuleSet([
            Rule("pull-requests", ["com.github.pull_request.*"]),
            Rule("issues", ["com.github.issues.*"]),
            Rule("anything", []),
        ]));

        Assert.Equal("issues", matcher.Match(TestEvents.IssueOpened())?.Name);
        Assert.Equal("anything", matcher.Match(TestEvents.Create("com.slack.app_mention", new JsonObject()))?.Name);
    }

    [Fact]
    public void Match_NoRuleMatches_ReturnsNull()
    {
        var matcher = new OfflineRuleMatcher(new OfflineRuleSet([Rule("issues", ["com.github.issues.*"])]));

        Assert.Null(matcher.Match(TestEvents.Create("io.k8s.event.BackOff", new JsonObject())));
        Assert.Null(new OfflineRuleMatcher(OfflineRuleSet.Empty).Match(TestEvents.IssueOpened()));
    }

    [Theory]
    [InlineData("$.issue.title", "Spelling error in the README file", null, null, true)]
    [InlineData("$.issue.title", "spelling error in the readme file", null, null, false)]
    [InlineData("$.issue.number", "1", null, null, true)]
    [InlineData("$.issue.locked", "false", null, null, true)]
    [InlineData("$.issue.title", null, "(?i)readme", null, true)]
    [InlineData("$.issue.title", null, "^README", null, false)]
    [InlineData("$.issue.labels[0].name", "bug", "^b", true, true)]
    [InlineData("$.issue.labels[0].name", "bug", "^x", true, false)]
    [InlineData("$.issue.closed_at", null, null, false, true)]
    [InlineData("$.issue.closed_at", null, null, true, false)]
    [InlineData("$.issue.assignee.login", null, null, true, true)]
    [InlineData("$.issue.assignee", null, null, false, false)]
    [InlineData("$.issue.user.login", null, null, true, true)]
    [InlineData("$.issue.nope", null, null, false, true)]
    [InlineData("$.issue.nope", "x", null, null, false)]
    [InlineData("$.issue.nope", null, ".*", null, false)]
    public void Match_FieldCondition_AppliesEveryTestThatIsSet(string path, string? equalTo, string? regex, bool? exists, bool expected)
    {
        var matcher = new OfflineRuleMatcher(new OfflineRuleSet([
            Rule("conditional", ["com.github.issues.*"], new FieldCondition(path, equalTo, regex, exists)),
        ]));

        Assert.Equal(expected, matcher.Match(TestEvents.IssueOpened()) is not null);
    }

    [Fact]
    public void Match_SeveralFieldConditions_RequiresAll()
    {
        var matcher = new OfflineRuleMatcher(new OfflineRuleSet([
            Rule("both", [], new FieldCondition("$.issue.number", EqualTo: "1"), new FieldCondition("$.sender.login", EqualTo: "someone-else")),
            Rule("one", [], new FieldCondition("$.issue.number", EqualTo: "1")),
        ]));

        Assert.Equal("one", matcher.Match(TestEvents.IssueOpened())?.Name);
    }

    [Fact]
    public void Match_EventWithoutJsonData_FailsFieldConditionsExceptAbsence()
    {
        var matcher = new OfflineRuleMatcher(new OfflineRuleSet([
            Rule("needs-data", [], new FieldCondition("$.x", Exists: true)),
            Rule("no-data", [], new FieldCondition("$.x", Exists: false)),
        ]));

        Assert.Equal("no-data", matcher.Match(TestEvents.Create("io.ambient.schedule.daily", "not json"))?.Name);
    }

    [Theory]
    [InlineData("issue.number", null, "Offline rule 'bad': Invalid JSONPath 'issue.number'")]
    [InlineData("$.issue.title", "([unclosed", "Offline rule 'bad': invalid regex '([unclosed' for '$.issue.title'")]
    public void Constructor_BadFieldCondition_ThrowsNamingRule(string path, string? regex, string expected)
    {
        var rules = new OfflineRuleSet([Rule("bad", [], new FieldCondition(path, EqualTo: regex is null ? "x" : null, Regex: regex))]);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(rules));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FieldConditionWithoutTest_ThrowsNamingRuleAndPath()
    {
        var rules = new OfflineRuleSet([Rule("vague", [], new FieldCondition("$.issue.title"))]);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(rules));

        Assert.Equal("Offline rule 'vague': the condition on '$.issue.title' sets none of equalTo, regex, exists.", error.Message);
    }

    [Theory]
    [InlineData("add_labels")]
    [InlineData("github.")]
    [InlineData(".add_labels")]
    [InlineData("github.issues.add_labels")]
    [InlineData("github.add-labels")]
    [InlineData("github-add_labels")]
    public void Constructor_ToolNotPluginDotFunction_ThrowsNamingRuleAndTool(string tool)
    {
        var rules = new OfflineRuleSet([new OfflineRule("labeller", Any, [new OfflineToolCall(tool, new Dictionary<string, JsonNode?>())], null)]);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(rules));

        Assert.StartsWith($"Offline rule 'labeller': tool '{tool}' is not 'plugin.function'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadArgumentTemplate_ThrowsNamingRuleToolAndArgument()
    {
        var call = new OfflineToolCall("github.comment", new Dictionary<string, JsonNode?> { ["body"] = new JsonArray("ok", "{{ $.issue.") });
        var rules = new OfflineRuleSet([new OfflineRule("commenter", Any, [call], null)]);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(rules));

        Assert.StartsWith("Offline rule 'commenter', tool 'github.comment', argument 'body': Invalid template '{{ $.issue.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadReplyTemplate_ThrowsNamingRule()
    {
        var rules = new OfflineRuleSet([new OfflineRule("replier", Any, [], "Done with {{ issue }}")]);

        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(rules));

        Assert.StartsWith("Offline rule 'replier', reply: Invalid template 'Done with {{ issue }}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_RuleWithoutName_Throws(string name)
    {
        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(new OfflineRuleSet([Rule(name, [])])));

        Assert.Equal("Every offline rule needs a name.", error.Message);
    }

    [Fact]
    public void Constructor_EmptyTypePattern_ThrowsNamingRule()
    {
        var error = Assert.Throws<OfflineRuleException>(() => new OfflineRuleMatcher(new OfflineRuleSet([Rule("blank", ["com.github.*", ""])])));

        Assert.Equal("Offline rule 'blank': a types entry is empty; use '*' for any type.", error.Message);
    }

    private static OfflineCondition Any => new([], []);

    private static OfflineRule Rule(string name, string[] types, params FieldCondition[] fields) =>
        new(name, new OfflineCondition(types, fields), [], $"rule {name}");
}

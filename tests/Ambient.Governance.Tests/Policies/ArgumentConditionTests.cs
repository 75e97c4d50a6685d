using Ambient.Governance.Tests.Support;

namespace Ambient.Governance.Tests.Policies;

/// <summary>Conditions on the call's arguments: a JSONPath and tests on the value it finds.</summary>
public sealed class ArgumentConditionTests
{
    private const string Restart = """{"namespace":"staging","kind":"Deployment","name":"checkout","reason":"CrashLoopBackOff x14"}""";
    private const string Scale = """{"namespace":"shop","kind":"Deployment","name":"checkout","replicas":12,"reason":"load"}""";

    [Theory]
    [InlineData("prod", true)]
    [InlineData("prod-eu", true)]
    [InlineData("staging", false)]
    [InlineData("preprod", false)]
    public void Regex_MatchesTheValue(string ns, bool matches)
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.namespace, regex: '^prod'}]}",
            Calls.Of("kubernetes.restart_workload", $$"""{"namespace":"{{ns}}"}"""));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Regex_NoMatch_ExplainsWithValueAndPattern()
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.namespace, regex: '^prod'}]}", Calls.Of("kubernetes.restart_workload", Restart));

        Assert.Equal("$.namespace 'staging' does not match ^prod", why);
    }

    [Fact]
    public void Regex_OnANumber_MatchesItsText()
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.replicas, regex: '^1[0-9]$'}]}", Calls.Of("kubernetes.scale_workload", Scale));

        Assert.Null(why);
    }

    [Theory]
    [InlineData("$.repository", "'octo/app'", """{"repository":"octo/app"}""", true)]
    [InlineData("$.repository", "'octo/app'", """{"repository":"octo/App"}""", false)]
    [InlineData("$.replicas", "12", """{"replicas":12}""", true)]
    [InlineData("$.replicas", "12", """{"replicas":12.0}""", true)]
    [InlineData("$.replicas", "12", """{"replicas":"12"}""", true)]
    [InlineData("$.replicas", "12", """{"replicas":13}""", false)]
    [InlineData("$.draft", "true", """{"draft":true}""", true)]
    [InlineData("$.draft", "true", """{"draft":false}""", false)]
    public void EqualsTest_ComparesTextOrNumbers(string path, string expected, string arguments, bool matches)
    {
        var why = TestPolicies.WhyNot($"{{arguments: [{{path: {path}, equals: {expected}}}]}}", Calls.Of("github.comment", arguments));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void EqualsTest_NoMatch_Explains()
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.repository, equals: octo/app}]}", Calls.Of("github.comment", """{"repository":"octo/other"}"""));

        Assert.Equal("$.repository 'octo/other' does not equal 'octo/app'", why);
    }

    [Theory]
    [InlineData("C0123", true)]
    [InlineData("C0456", true)]
    [InlineData("C0789", false)]
    public void In_MatchesAnyListedValue(string channel, bool matches)
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.channel, in: [C0123, C0456]}]}",
            Calls.Of("slack.post_message", $$"""{"channel":"{{channel}}","text":"hi"}"""));

        Assert.Equal(matches, why is null);
        Assert.Equal(matches ? null : $"$.channel '{channel}' is not one of [C0123, C0456]", why);
    }

    [Theory]
    [InlineData("greaterThan: 10", 11, true)]
    [InlineData("greaterThan: 10", 10, false)]
    [InlineData("greaterOrEqual: 10", 10, true)]
    [InlineData("greaterOrEqual: 10", 9, false)]
    [InlineData("lessThan: 2", 1, true)]
    [InlineData("lessThan: 2", 2, false)]
    [InlineData("lessOrEqual: 2", 2, true)]
    [InlineData("lessOrEqual: 2", 3, false)]
    [InlineData("greaterThan: 2.5", 3, true)]
    [InlineData("lessThan: -1", 0, false)]
    public void Comparisons_CompareNumbers(string test, int replicas, bool matches)
    {
        var why = TestPolicies.WhyNot($"{{arguments: [{{path: $.replicas, {test}}}]}}", Calls.Of("kubernetes.scale_workload", $$"""{"replicas":{{replicas}}}"""));

        Assert.Equal(matches, why is null);
    }

    [Fact]
    public void Comparisons_StringHoldingANumber_Counts()
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.replicas, greaterThan: 10}]}", Calls.Of("kubernetes.scale_workload", """{"replicas":"25"}"""));

        Assert.Null(why);
    }

    [Theory]
    [InlineData("""{"replicas":"many"}""", "$.replicas 'many' is not a number")]
    [InlineData("""{"replicas":[20]}""", "$.replicas [20] is not a number")]
    [InlineData("""{"replicas":3}""", "$.replicas 3 is not greater than 10")]
    [InlineData("""{"name":"checkout"}""", "$.replicas is missing")]
    [InlineData("""{"replicas":null}""", "$.replicas is missing")]
    public void Comparisons_NoMatch_Explains(string arguments, string expected)
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.replicas, greaterThan: 10}]}", Calls.Of("kubernetes.scale_workload", arguments));

        Assert.Equal(expected, why);
    }

    [Fact]
    public void Comparisons_TwoInOneEntry_MakeARange()
    {
        const string Match = "{arguments: [{path: $.replicas, greaterOrEqual: 5, lessThan: 10}]}";

        Assert.Null(TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"replicas":5}""")));
        Assert.Equal("$.replicas 10 is not less than 10", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"replicas":10}""")));
        Assert.Equal("$.replicas 4 is not greater than or equal to 5", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"replicas":4}""")));
    }

    [Theory]
    [InlineData("true", """{"body":"hello"}""", null)]
    [InlineData("true", """{"body":""}""", null)]
    [InlineData("true", """{"title":"x"}""", "$.body is missing")]
    [InlineData("true", """{"body":null}""", "$.body is missing")]
    [InlineData("false", """{"title":"x"}""", null)]
    [InlineData("false", """{"body":"hello"}""", "$.body exists")]
    public void Exists_TellsPresentFromMissing(string exists, string arguments, string? expected)
    {
        var why = TestPolicies.WhyNot($"{{arguments: [{{path: $.body, exists: {exists}}}]}}", Calls.Of("github.comment", arguments));

        Assert.Equal(expected, why);
    }

    [Fact]
    public void Path_IntoArraysAndQuotedNames_FindsTheValue()
    {
        const string Arguments = """{"labels":["bug","needs-triage"],"meta":{"x-team":"sre"}}""";

        Assert.Null(TestPolicies.WhyNot("{arguments: [{path: '$.labels[0]', equals: bug}]}", Calls.Of("github.add_labels", Arguments)));
        Assert.Null(TestPolicies.WhyNot("{arguments: [{path: '$.labels[-1]', equals: needs-triage}]}", Calls.Of("github.add_labels", Arguments)));
        Assert.Null(TestPolicies.WhyNot("{arguments: [{path: \"$.meta['x-team']\", in: [sre, ops]}]}", Calls.Of("github.add_labels", Arguments)));
    }

    [Fact]
    public void Regex_OnAnArray_MatchesItsCompactJson()
    {
        var why = TestPolicies.WhyNot("{arguments: [{path: $.to, regex: '@elsewhere\\.com\"'}]}",
            Calls.Of("notify.send_email", """{"to":["admin@example.com","someone@elsewhere.com"]}"""));

        Assert.Null(why);
    }

    [Fact]
    public void Arguments_SeveralEntries_AllMustHold()
    {
        const string Match = "{arguments: [{path: $.namespace, regex: '^prod'}, {path: $.replicas, greaterThan: 10}]}";

        Assert.Null(TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"namespace":"prod","replicas":20}""")));
        Assert.Equal("$.replicas 5 is not greater than 10", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"namespace":"prod","replicas":5}""")));
        Assert.Equal("$.namespace 'dev' does not match ^prod", TestPolicies.WhyNot(Match, Calls.Of("kubernetes.scale_workload", """{"namespace":"dev","replicas":20}""")));
    }

    [Fact]
    public void Arguments_Unknown_NoArgumentConditionHoldsNotEvenExistsFalse()
    {
        var input = Calls.Of("github.comment") with { Arguments = default };

        var why = TestPolicies.WhyNot("{arguments: [{path: $.body, exists: false}]}", input);

        Assert.Equal("arguments unknown", why);
    }

    [Fact]
    public void Regex_ThatRunsAway_TimesOutIntoANoMatchWithAnExplanation()
    {
        var set = TestPolicies.Set("""
            name: guard
            rules:
              - name: runaway
                match:
                  arguments:
                    - {path: $.body, regex: '^(\w+\s?)*$'}
                decision: deny
              - name: after-it
                decision: review
            """);
        var body = new string('a', 40) + "!";

        var decision = set.Evaluate(Calls.Of("github.comment", $$"""{"body":"{{body}}"}"""));

        Assert.Equal(Ambient.Governance.Policies.PolicyVerdict.Review, decision.Verdict);
        Assert.Equal("after-it", decision.Rule);
        Assert.StartsWith(@"guard/runaway: no match: $.body: regex ^(\w+\s?)*$ timed out after 100 ms, twice, on 'aaaa", decision.Explanation[1], StringComparison.Ordinal);
        Assert.EndsWith("(counted as no match)", decision.Explanation[1], StringComparison.Ordinal);
    }
}

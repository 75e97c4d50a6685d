using System.Text.Json;
using Ambient.Abstractions.Json;

namespace Ambient.Governance.Policies.Matching;

/// <summary>One entry of <c>arguments</c>: the value at a JSONPath into the call's arguments passes every test given.</summary>
internal sealed class ArgumentCondition(JsonPathExpression path, IReadOnlyList<ArgumentTest> tests) : IRuleCondition
{
    public string? WhyNot(PolicyInput input)
    {
        if (input.Arguments.ValueKind == JsonValueKind.Undefined)
        {
            return "arguments unknown";
        }

        JsonElement? value = path.TryEvaluate(input.Arguments, out var found) && ArgumentValues.IsPresent(found) ? found : null;
        foreach (var test in tests)
        {
            if (test.WhyNot(path.Text, value) is { } why)
            {
                return why;
            }
        }

        return null;
    }

    public bool? HoldsFor(string agent, string tool) => null;

    public string Describe() => string.Join(" and ", tests.Select(test => test.Describe(path.Text)));
}

using System.Text.Json;
using Ambient.Abstractions.Json;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests.Offline;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonElement s_document = JsonDocument.Parse("""
        {
          "a": { "b-c": "dashed", "it's": "quoted", "n": 7, "nil": null },
          "list": [ { "name": "first" }, { "name": "middle" }, { "name": "last" } ],
          "_under": true
        }
        """).RootElement;

    [Theory]
    [InlineData("$.a['b-c']", "dashed")]
    [InlineData("$.a[\"b-c\"]", "dashed")]
    [InlineData("$.a['it\\'s']", "quoted")]
    [InlineData("$['a'].n", "7")]
    [InlineData("$.list[0].name", "first")]
    [InlineData("$.list[2]['name']", "last")]
    [InlineData("$.list[-1].name", "last")]
    [InlineData("$.list[-3].name", "first")]
    [InlineData("$._under", "true")]
    public void TryEvaluate_SupportedSyntax_FindsValue(string path, string expected)
    {
        var found = JsonPathExpression.Parse(path).TryEvaluate(s_document, out var value);

        Assert.True(found, path);
        Assert.Equal(expected, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
    }

    [Fact]
    public void TryEvaluate_Root_ReturnsWholeDocument()
    {
        Assert.True(JsonPathExpression.Parse("$").TryEvaluate(s_document, out var value));

        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.True(value.TryGetProperty("list", out _));
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.a.missing")]
    [InlineData("$.a.n.deeper")]
    [InlineData("$.list[3]")]
    [InlineData("$.list[-4]")]
    [InlineData("$.list.name")]
    [InlineData("$.a[0]")]
    [InlineData("$.A")]
    public void TryEvaluate_MissingOrWrongKind_ReturnsFalse(string path)
    {
        Assert.False(JsonPathExpression.Parse(path).TryEvaluate(s_document, out _), path);
    }

    [Fact]
    public void TryEvaluate_JsonNull_IsFoundButNotPresent()
    {
        Assert.True(JsonPathExpression.Parse("$.a.nil").TryEvaluate(s_document, out var value));

        Assert.Equal(JsonValueKind.Null, value.ValueKind);
    }

    [Fact]
    public void TryEvaluate_SamplePayload_FindsIssueFields()
    {
        var payload = JsonDocument.Parse(SamplePayloads.Read("github-webhooks/issues/opened.payload.json")).RootElement;

        Assert.True(JsonPathExpression.Parse("$.issue.number").TryEvaluate(payload, out var number));
        Assert.True(JsonPathExpression.Parse("$.issue.labels[0].name").TryEvaluate(payload, out var label));
        Assert.True(JsonPathExpression.Parse("$['repository']['full_name']").TryEvaluate(payload, out var repository));
        Assert.Equal(1, number.GetInt32());
        Assert.Equal("bug", label.GetString());
        Assert.Equal("Codertocat/Hello-World", repository.GetString());
    }

    [Theory]
    [InlineData("", "expected '$'")]
    [InlineData("issue.number", "expected '$'")]
    [InlineData("$.", "expected a member name")]
    [InlineData("$..a", "expected a member name")]
    [InlineData("$.a b", "unexpected ' '")]
    [InlineData("$.1a", "expected a member name")]
    [InlineData("$.a[", "expected an array index")]
    [InlineData("$.a[x]", "expected an array index")]
    [InlineData("$.a[1", "expected ']'")]
    [InlineData("$.a['b", "unterminated quoted name")]
    [InlineData("$.a['b'", "expected ']'")]
    [InlineData("$.a[-]", "expected an array index")]
    [InlineData("$.a[*]", "expected an array index")]
    public void Parse_UnsupportedPath_ThrowsNamingPathAndProblem(string path, string problem)
    {
        var error = Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}

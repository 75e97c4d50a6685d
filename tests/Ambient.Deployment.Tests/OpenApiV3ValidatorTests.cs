using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.OpenApi;

namespace Ambient.Deployment.Tests;

/// <summary>The validator's keywords one by one, on small schemas: each accepts what Kubernetes accepts and names what it rejects.</summary>
public sealed class OpenApiV3ValidatorTests
{
    [Theory]
    [InlineData("""{"x-kubernetes-int-or-string": true}""", "3", true)]
    [InlineData("""{"x-kubernetes-int-or-string": true}""", "\"50%\"", true)]
    [InlineData("""{"x-kubernetes-int-or-string": true}""", "true", false)]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string"}}}""", """{"b": 1}""", false)]
    [InlineData("""{"type": "object", "x-kubernetes-preserve-unknown-fields": true}""", """{"b": {"c": [1]}}""", true)]
    [InlineData("""{"type": "object", "additionalProperties": {"type": "string"}}""", """{"b": "x"}""", true)]
    [InlineData("""{"type": "object", "additionalProperties": {"type": "string"}}""", """{"b": 2}""", false)]
    [InlineData("""{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}""", """{"a": null}""", false)]
    [InlineData("""{"type": "number", "minimum": 0, "maximum": 1}""", "0.5", true)]
    [InlineData("""{"type": "number", "minimum": 0, "maximum": 1}""", "1.5", false)]
    [InlineData("""{"type": "integer"}""", "1.5", false)]
    [InlineData("""{"type": "string", "pattern": "^[a-z]+$"}""", "\"abc\"", true)]
    [InlineData("""{"type": "string", "minLength": 1}""", "\"\"", false)]
    [InlineData("""{"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["a"]}}""", """["a", "b"]""", false)]
    [InlineData("""{"type": "array", "minItems": 1, "items": {"type": "string"}}""", "[]", false)]
    [InlineData("""{"type": "integer", "format": "int32"}""", "3000000000", false)]
    [InlineData("""{"type": "object", "properties": {"a": {}, "b": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}""", """{"a": 1}""", true)]
    [InlineData("""{"type": "object", "properties": {"a": {}, "b": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}""", """{"a": 1, "b": 2}""", false)]
    [InlineData("""{"type": "object", "properties": {"a": {}}, "anyOf": [{"required": ["a"]}]}""", "{}", false)]
    [InlineData("""{"type": "object", "properties": {"a": {}}, "not": {"required": ["a"]}}""", """{"a": 1}""", false)]
    public void Validate_Keyword_AcceptsOrRejectsAsKubernetes(string schema, string value, bool valid)
    {
        var errors = new OpenApiV3Validator().Validate(JsonNode.Parse(value), JsonNode.Parse(schema)!.AsObject());

        Assert.True(valid == (errors.Count == 0), $"{value} against {schema}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Validate_NestedError_NamesTheFullPath()
    {
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"spec": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}}}}}}}""")!.AsObject();

        var errors = new OpenApiV3Validator().Validate(JsonNode.Parse("""{"spec": {"items": [{"n": 1}, {"n": 0}]}}"""), schema);

        Assert.Equal(["$.spec.items[1].n: 0 is below the minimum 1"], errors);
    }
}

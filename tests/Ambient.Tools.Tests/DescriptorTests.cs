using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Tools.Tests;

public sealed class DescriptorTests
{
    [Theory]
    [InlineData("kubernetes.get", new[] { "namespace", "kind", "name" }, new string[0])]
    [InlineData("kubernetes.events", new[] { "namespace", "kind", "name" }, new string[0])]
    [InlineData("kubernetes.logs", new[] { "namespace", "pod" }, new[] { "container", "lines", "previous" })]
    [InlineData("github.get_issue", new[] { "repository", "issueNumber" }, new string[0])]
    [InlineData("github.search_issues", new[] { "repository", "query" }, new[] { "limit" })]
    [InlineData("github.get_file", new[] { "repository", "path" }, new[] { "ref" })]
    public void Descriptor_IsAReadToolWithAnObjectSchemaListingItsArguments(string name, string[] required, string[] optional)
    {
        using var tools = new ReadTools();

        var descriptor = tools[name].Descriptor;

        Assert.Equal(ToolKind.Read, descriptor.Kind);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
        var schema = descriptor.Parameters;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(required, schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
        var properties = schema.GetProperty("properties").EnumerateObject().ToList();
        Assert.Equal(required.Concat(optional), properties.Select(p => p.Name));
        Assert.All(properties, p => Assert.Contains(p.Value.GetProperty("type").GetString(), new[] { "string", "integer", "boolean" }));
    }

    [Fact]
    public void AddAmbientReadTools_CalledTwice_RegistersTheSixToolsOnce()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddAmbientReadTools(configuration).AddAmbientReadTools(configuration).BuildServiceProvider();

        var tools = services.GetServices<IAmbientTool>();

        Assert.Equal(
            ["github.get_file", "github.get_issue", "github.search_issues", "kubernetes.events", "kubernetes.get", "kubernetes.logs"],
            tools.Select(t => t.Descriptor.Name).Order(StringComparer.Ordinal));
    }
}

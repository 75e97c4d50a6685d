using Ambient.Avro.Compatibility;
using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Tests;

public sealed class BackwardCompatibilityTests
{
    [Theory]
    [MemberData(nameof(RepoSchemas.All), MemberType = typeof(RepoSchemas))]
    public void CurrentSchema_IsBackwardCompatibleWithItsLatestRelease(string name)
    {
        var latest = AmbientSchemas.History.Where(released => released.Name == name).MaxBy(released => released.Version);

        Assert.NotNull(latest);
        var issues = SchemaCompatibility.CheckBackward(AmbientSchemas.Get(name), latest.Schema);
        Assert.True(issues.Count == 0, $"schemas/{name}.avsc breaks BACKWARD compatibility with schemas/history/{name}.v{latest.Version}.avsc:\n{string.Join("\n", issues)}");
    }

    [Fact]
    public void CheckBackward_NewFieldWithDefault_IsCompatible()
    {
        var older = Record("""{"name":"id","type":"string"}""");
        var newer = Record("""{"name":"id","type":"string"}, {"name":"note","type":["null","string"],"default":null}""");

        Assert.Empty(SchemaCompatibility.CheckBackward(newer, older));
    }

    [Fact]
    public void CheckBackward_NewFieldWithoutDefault_NamesTheField()
    {
        var older = Record("""{"name":"id","type":"string"}""");
        var newer = Record("""{"name":"id","type":"string"}, {"name":"priority","type":"int"}""");

        var issue = Assert.Single(SchemaCompatibility.CheckBackward(newer, older));
        Assert.StartsWith("io.ambient.v1.Sample.priority:", issue, StringComparison.Ordinal);
        Assert.Contains("no default", issue, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBackward_RemovedField_IsCompatible()
    {
        var older = Record("""{"name":"id","type":"string"}, {"name":"gone","type":"long"}""");
        var newer = Record("""{"name":"id","type":"string"}""");

        Assert.Empty(SchemaCompatibility.CheckBackward(newer, older));
    }

    [Theory]
    [InlineData("\"int\"", "\"long\"")]
    [InlineData("\"int\"", "\"double\"")]
    [InlineData("\"long\"", "\"float\"")]
    [InlineData("\"float\"", "\"double\"")]
    [InlineData("\"string\"", "\"bytes\"")]
    [InlineData("\"bytes\"", "\"string\"")]
    [InlineData("\"string\"", "[\"null\",\"string\"]")]
    [InlineData("[\"null\",\"int\"]", "[\"null\",\"long\",\"string\"]")]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}", "\"long\"")]
    public void CheckBackward_PromotedType_IsCompatible(string olderType, string newerType)
    {
        Assert.Empty(SchemaCompatibility.CheckBackward(Record($$"""{"name":"v","type":{{newerType}}}"""), Record($$"""{"name":"v","type":{{olderType}}}""")));
    }

    [Theory]
    [InlineData("\"long\"", "\"int\"")]
    [InlineData("\"string\"", "\"int\"")]
    [InlineData("[\"null\",\"string\"]", "\"string\"")]
    [InlineData("{\"type\":\"array\",\"items\":\"string\"}", "{\"type\":\"array\",\"items\":\"int\"}")]
    public void CheckBackward_NarrowedType_NamesTheField(string olderType, string newerType)
    {
        var issues = SchemaCompatibility.CheckBackward(Record($$"""{"name":"v","type":{{newerType}}}"""), Record($$"""{"name":"v","type":{{olderType}}}"""));

        Assert.NotEmpty(issues);
        Assert.All(issues, issue => Assert.StartsWith("io.ambient.v1.Sample.v", issue, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckBackward_EnumSymbolRemovedWithoutDefault_NamesTheSymbol()
    {
        var older = Record("""{"name":"s","type":{"type":"enum","name":"S","symbols":["A","B"]}}""");
        var newer = Record("""{"name":"s","type":{"type":"enum","name":"S","symbols":["A"]}}""");
        var withDefault = Record("""{"name":"s","type":{"type":"enum","name":"S","symbols":["A"],"default":"A"}}""");

        Assert.Contains("'B'", Assert.Single(SchemaCompatibility.CheckBackward(newer, older)), StringComparison.Ordinal);
        Assert.Empty(SchemaCompatibility.CheckBackward(withDefault, older));
    }

    [Fact]
    public void CheckBackward_NestedRecordFieldWithoutDefault_NamesThePath()
    {
        var older = Record("""{"name":"input","type":{"type":"record","name":"In","fields":[{"name":"topic","type":"string"}]}}""");
        var newer = Record("""{"name":"input","type":{"type":"record","name":"In","fields":[{"name":"topic","type":"string"},{"name":"lag","type":"long"}]}}""");

        Assert.StartsWith("io.ambient.v1.Sample.input.lag:", Assert.Single(SchemaCompatibility.CheckBackward(newer, older)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBackward_RenamedFieldWithAlias_IsCompatible()
    {
        var older = Record("""{"name":"summary","type":"string"}""");
        var newer = Record("""{"name":"reasoning","type":"string","aliases":["summary"]}""");
        var withoutAlias = Record("""{"name":"reasoning","type":"string"}""");

        Assert.Empty(SchemaCompatibility.CheckBackward(newer, older));
        Assert.NotEmpty(SchemaCompatibility.CheckBackward(withoutAlias, older));
    }

    [Fact]
    public void CheckBackward_RenamedRecord_NeedsAnAlias()
    {
        var older = Schema.Parse("""{"type":"record","name":"Old","namespace":"io.ambient.v1","fields":[]}""");
        var renamed = Schema.Parse("""{"type":"record","name":"New","namespace":"io.ambient.v1","fields":[]}""");
        var aliased = Schema.Parse("""{"type":"record","name":"New","namespace":"io.ambient.v1","aliases":["Old"],"fields":[]}""");

        Assert.Contains("renamed", Assert.Single(SchemaCompatibility.CheckBackward(renamed, older)), StringComparison.Ordinal);
        Assert.Empty(SchemaCompatibility.CheckBackward(aliased, older));
    }

    [Fact]
    public void CheckBackward_AgreesWithApacheAvroOnEveryReleasedPair()
    {
        foreach (var released in AmbientSchemas.History)
        {
            var current = AmbientSchemas.Get(released.Name);

            Assert.Equal(current.CanRead(released.Schema), SchemaCompatibility.CheckBackward(current, released.Schema).Count == 0);
        }
    }

    private static RecordSchema Record(string fields) =>
        (RecordSchema)Schema.Parse($$"""{"type":"record","name":"Sample","namespace":"io.ambient.v1","fields":[{{fields}}]}""");
}

using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Tests;

public sealed class SchemaFileTests
{
    [Theory]
    [MemberData(nameof(RepoSchemas.All), MemberType = typeof(RepoSchemas))]
    public void SchemaFile_ParsesAsDocumentedRecordInAmbientNamespace(string name)
    {
        var schema = Assert.IsType<RecordSchema>(Schema.Parse(RepoSchemas.Text(name)));

        Assert.Equal($"{AmbientSchemas.Namespace}.{name}", schema.Fullname);
        Assert.All(SchemaTypes.Named(schema), named => Assert.False(string.IsNullOrWhiteSpace(named.Documentation), $"{named.Fullname} has no doc."));
        Assert.All(Fields(schema), field => Assert.False(string.IsNullOrWhiteSpace(field.Field.Documentation), $"{field.Owner}.{field.Field.Name} has no doc."));
    }

    [Fact]
    public void EmbeddedSchemas_AreTheFilesOfSchemasFolder()
    {
        Assert.Equal(RepoSchemas.Names, AmbientSchemas.Current.Keys.Order(StringComparer.Ordinal));
        Assert.All(RepoSchemas.Names, name => Assert.Equal(Schema.Parse(RepoSchemas.Text(name)).ToString(), AmbientSchemas.Get(name).ToString()));
    }

    [Fact]
    public void History_HasAReleasedVersionOfEverySchema()
    {
        var released = AmbientSchemas.History.Select(schema => schema.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(RepoSchemas.Names, released);
        Assert.All(AmbientSchemas.History, schema => Assert.Equal(schema.Name, schema.Schema.Name));
    }

    [Fact]
    public void NamedTypes_DefinedInSeveralFiles_AreDefinedIdentically()
    {
        // Each .avsc is self-contained (readable alone), so shared types such as Part are repeated: they must not drift.
        var definitions = AmbientSchemas.Current.Values
            .SelectMany(schema => SchemaTypes.Named(schema).Select(named => (File: schema.Name, Type: named)))
            .GroupBy(definition => definition.Type.Fullname);

        Assert.All(definitions, group =>
        {
            var forms = group.Select(definition => (definition.File, Text: definition.Type.ToString())).ToList();
            var first = forms[0];
            Assert.All(forms, form => Assert.True(form.Text == first.Text, $"{group.Key} differs between {first.File}.avsc and {form.File}.avsc."));
        });
    }

    [Fact]
    public void Get_UnknownName_SaysWhichExist()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => AmbientSchemas.Get("Nope"));

        Assert.Contains("ActionRecord", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Owner, Field Field)> Fields(Schema schema) =>
        SchemaTypes.Named(schema).OfType<RecordSchema>().SelectMany(record => record.Fields.Select(field => (record.Fullname, field)));
}

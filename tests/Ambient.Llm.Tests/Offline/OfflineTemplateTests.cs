using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Llm.Offline;
using Ambient.Llm.Tests.Support;

namespace Ambient.Llm.Tests.Offline;

public sealed class OfflineTemplateTests
{
    private static readonly Ambient.Abstractions.Events.AmbientEvent s_event = TestEvents.Create(
        "com.example.thing.created",
        new JsonObject { ["n"] = 42, ["ratio"] = 0.5, ["ok"] = true, ["name"] = "Ada", ["tags"] = new JsonArray("a", "b"), ["nil"] = null });

    [Theory]
    [InlineData("{{ $.n }}", "42", JsonValueKind.Number)]
    [InlineData("{{$.ratio}}", "0.5", JsonValueKind.Number)]
    [InlineData("{{ $.ok }}", "true", JsonValueKind.True)]
    [InlineData("{{ $.name }}", "\"Ada\"", JsonValueKind.String)]
    [InlineData("{{ $.tags }}", "[\"a\",\"b\"]", JsonValueKind.Array)]
    [InlineData("{{ event.id }}", "\"evt-1\"", JsonValueKind.String)]
    public void Render_ExactlyOnePlaceholder_KeepsJsonType(string template, string json, JsonValueKind kind)
    {
        var rendered = Render(template);

        Assert.NotNull(rendered);
        Assert.Equal(kind, rendered.GetValueKind());
        Assert.Equal(json, rendered.ToJsonString());
    }

    [Theory]
    [InlineData("#{{ $.n }}", "#42")]
    [InlineData("{{ $.name }} has {{ $.tags }} ({{ $.ok }})", "Ada has [\"a\",\"b\"] (true)")]
    [InlineData(" {{ $.n }} ", " 42 ")]
    [InlineData("no placeholders", "no placeholders")]
    [InlineData("", "")]
    [InlineData("missing: [{{ $.absent }}] null: [{{ $.nil }}]", "missing: [] null: []")]
    [InlineData("a }} b", "a }} b")]
    public void Render_TextAroundPlaceholders_InterpolatesAsString(string template, string expected)
    {
        var rendered = Render(template);

        Assert.NotNull(rendered);
        Assert.Equal(JsonValueKind.String, rendered.GetValueKind());
        Assert.Equal(expected, rendered.GetValue<string>());
    }

    [Theory]
    [InlineData("{{ $.absent }}")]
    [InlineData("{{ $.nil }}")]
    [InlineData("{{ $.tags[5] }}")]
    public void Render_MissingOrNullValue_RendersJsonNull(string template)
    {
        Assert.Null(Render(template));
    }

    [Fact]
    public void RenderText_EventAttributes_RenderCloudEventContext()
    {
        var template = OfflineTemplate.Parse("{{ event.id }} {{ event.type }} {{ event.source }} {{ event.subject }} {{ event.time }}");

        var text = template.RenderText(s_event, s_event.TryGetJsonData());

        Assert.Equal("evt-1 com.example.thing.created https://github.com/octo/repo github:octo/repo#1 2026-03-01T12:30:00.0000000+00:00", text);
    }

    [Fact]
    public void Render_EventWithoutSubjectOrData_RendersNullAndEmpty()
    {
        var bare = TestEvents.Create("com.example.tick", (string?)null, subject: null);

        Assert.Null(OfflineTemplate.Parse("{{ event.subject }}").Render(bare, bare.TryGetJsonData()));
        Assert.Null(OfflineTemplate.Parse("{{ $.n }}").Render(bare, bare.TryGetJsonData()));
        Assert.Equal("tick: ", OfflineTemplate.Parse("tick: {{ $.n }}").RenderText(bare, bare.TryGetJsonData()));
    }

    [Fact]
    public void Render_SamplePayload_RendersIssueFields()
    {
        var @event = TestEvents.IssueOpened();
        var data = @event.TryGetJsonData();

        var number = OfflineTemplate.Parse("{{ $.issue.number }}").Render(@event, data);
        var text = OfflineTemplate.Parse("#{{ $.issue.number }} {{ $.issue.title }} by @{{ $.issue.user.login }} in {{ $.repository.full_name }}").RenderText(@event, data);

        Assert.Equal(1, number!.GetValue<int>());
        Assert.Equal("#1 Spelling error in the README file by @Codertocat in Codertocat/Hello-World", text);
    }

    [Fact]
    public void ArgumentTemplate_NestedArraysAndObjects_RendersEveryString()
    {
        var argument = OfflineArgumentTemplate.Parse(JsonNode.Parse("""
            { "labels": ["triage", "{{ $.name }}"], "count": "{{ $.n }}", "fixed": 3, "none": null, "note": "n={{ $.n }}" }
            """));

        var rendered = argument.Render(s_event, s_event.TryGetJsonData());

        Assert.Equal("""{"labels":["triage","Ada"],"count":42,"fixed":3,"none":null,"note":"n=42"}""", rendered!.ToJsonString());
    }

    [Theory]
    [InlineData("Hello {{ $.name", "'{{' at position 6 is not closed by '}}'")]
    [InlineData("{{ }}", "a placeholder is empty")]
    [InlineData("{{ name }}", "'name' is neither a JSONPath")]
    [InlineData("{{ event.actor }}", "'event.actor' is neither a JSONPath")]
    [InlineData("{{ Event.id }}", "'Event.id' is neither a JSONPath")]
    [InlineData("{{ $.a[ }}", "Invalid JSONPath '$.a['")]
    public void Parse_BadTemplate_ThrowsNamingTemplate(string template, string problem)
    {
        var error = Assert.Throws<OfflineRuleException>(() => OfflineTemplate.Parse(template));

        Assert.Contains($"Invalid template '{template}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static JsonNode? Render(string template) => OfflineTemplate.Parse(template).Render(s_event, s_event.TryGetJsonData());
}

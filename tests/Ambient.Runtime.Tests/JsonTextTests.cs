using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;

namespace Ambient.Runtime.Tests;

public sealed class JsonTextTests
{
    [Fact]
    public void FromTrustedUtf8_KeepsTheBytesAndParsesOnlyWhenRead()
    {
        var utf8 = """{"turns":[{"role":"assistant","content":"ü"}]}"""u8.ToArray();

        var text = JsonText.FromTrustedUtf8(utf8);

        Assert.True(text.Utf8.SequenceEqual(utf8));
        Assert.Equal("ü", text.Element.GetProperty("turns")[0].GetProperty("content").GetString());
        Assert.Equal(Encoding.UTF8.GetString(utf8), text.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":}")]
    [InlineData("not json")]
    public void ParseUtf8_NotOneJsonValue_Throws(string text) =>
        Assert.ThrowsAny<JsonException>(() => JsonText.ParseUtf8(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void ParseUtf8_OneValue_KeepsTheBytes()
    {
        var utf8 = """{"turns":[{"role":"tool","content":"ü"}]}"""u8.ToArray();

        var text = JsonText.ParseUtf8(utf8);

        Assert.True(text.Utf8.SequenceEqual(utf8));
        Assert.Equal(JsonText.Parse(Encoding.UTF8.GetString(utf8)), text);
        Assert.Equal("tool", text.Element.GetProperty("turns")[0].GetProperty("role").GetString());
    }

    [Fact]
    public void From_Element_HasTheElementsTextAndEqualsTheSameText()
    {
        var element = JsonSerializer.SerializeToElement(new { a = 1 });

        var text = JsonText.From(element);

        Assert.Equal("""{"a":1}""", text.ToString());
        Assert.Equal(JsonText.FromTrustedUtf8("""{"a":1}"""u8.ToArray()), text);
        Assert.NotEqual(JsonText.Parse("""{"a":2}"""), text);
        Assert.Equal(text.GetHashCode(), JsonText.Parse("""{"a":1}""").GetHashCode());
    }

    [Fact]
    public void None_IsUndefinedAndWrittenAsNull()
    {
        Assert.Same(JsonText.None, JsonText.From(default));
        Assert.True(JsonText.None.IsNone);
        Assert.Equal(JsonValueKind.Undefined, JsonText.None.Element.ValueKind);
        Assert.Equal(0, JsonText.None.Utf8.Length);
        Assert.Equal("null", JsonText.None.ToString());
        Assert.False(JsonText.Parse("null").IsNone);
        Assert.NotEqual(JsonText.Parse("null"), JsonText.None);
    }

    [Fact]
    public void Serialize_InsideARecord_WritesTheValueItselfAndReadsItBack()
    {
        var exchange = new LlmExchange("offline", 3, "3 messages", JsonText.FromTrustedUtf8("""{"content":"done"}"""u8.ToArray()), 10, 2);

        var json = JsonSerializer.Serialize(exchange);
        var read = JsonSerializer.Deserialize<LlmExchange>(json)!;

        Assert.Contains("\"Response\":{\"content\":\"done\"}", json, StringComparison.Ordinal);
        Assert.Equal(exchange, read);
        Assert.Equal("""{"Model":"offline","Response":null}""", JsonSerializer.Serialize(new { Model = "offline", Response = JsonText.None }));
    }
}

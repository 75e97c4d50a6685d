using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests;

public sealed class MalformedCloudEventTests
{
    private static readonly AmbientEvent s_valid = new("id-1", "/source", "com.example.thing", null,
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), "application/json", "{}"u8.ToArray());

    [Theory]
    [InlineData("ce_id", null, "Kafka header 'ce_id' is missing")]
    [InlineData("ce_source", null, "Kafka header 'ce_source' is missing")]
    [InlineData("ce_type", null, "Kafka header 'ce_type' is missing")]
    [InlineData("ce_specversion", null, "Kafka header 'ce_specversion' is missing")]
    [InlineData("ce_specversion", "0.3", "Kafka header 'ce_specversion' is '0.3'")]
    [InlineData("ce_time", "yesterday", "Kafka header 'ce_time' has an invalid value 'yesterday'")]
    [InlineData("ce_time", "2024-01-02 03:04:05", "Kafka header 'ce_time' has an invalid value")]
    [InlineData("ce_source", "http://[bad", "Kafka header 'ce_source' has an invalid value")]
    [InlineData("ce_id", "", "Kafka header 'ce_id' has an invalid value ''")]
    [InlineData("ce_Bad-Name", "x", "Kafka header 'ce_Bad-Name' has an invalid value")]
    public void FromMessage_BadBinaryHeader_ThrowsNamingHeader(string header, string? value, string expected)
    {
        var message = CloudEventKafkaBinding.ToBinaryMessage(s_valid, key: null);
        message.Headers.Remove(header);
        if (value is not null)
        {
            message.Headers.Add(header, Encoding.UTF8.GetBytes(value));
        }

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMessage_RepeatedHeader_ThrowsNamingHeader()
    {
        var message = CloudEventKafkaBinding.ToBinaryMessage(s_valid, key: null);
        message.Headers.Add("ce_id", "id-2"u8.ToArray());

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains("Kafka header 'ce_id' appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMessage_HeaderNotUtf8_ThrowsNamingHeader()
    {
        var message = CloudEventKafkaBinding.ToBinaryMessage(s_valid, key: null);
        message.Headers.Remove("ce_type");
        message.Headers.Add("ce_type", [0xC3, 0x28]);

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains("Kafka header 'ce_type' is not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMessage_PlainRecord_ThrowsSayingItIsNoCloudEvent()
    {
        var message = new Message<string?, byte[]> { Key = "k", Value = "hello"u8.ToArray(), Headers = [] };

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains("neither a binary-mode CloudEvent", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"id\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object, not Array")]
    [InlineData("{\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\"}", "no 'specversion'")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\"}", "'specversion' is '0.3'")]
    [InlineData("{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\"}", "missing required attributes: id")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"}", "missing required attributes: source")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\",\"time\":\"noon\"}", "'time'")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t\",\"data\":{},\"data_base64\":\"AA==\"}", "both 'data' and 'data_base64'")]
    public void FromMessage_BadStructuredEvent_ThrowsNamingProblem(string json, string expected)
    {
        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(StructuredModeTests.Structured(json)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/cloudevents+avro")]
    [InlineData("application/cloudevents-batch+json")]
    public void FromMessage_UnreadableCloudEventsFormat_ThrowsNamingContentType(string contentType)
    {
        var message = StructuredModeTests.Structured("{}", contentType);

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains($"'content-type' is '{contentType}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMessage_StructuredWithoutValue_Throws()
    {
        var message = StructuredModeTests.Structured("{}");
        message.Value = null!;

        var error = Assert.Throws<CloudEventFormatException>(() => CloudEventKafkaBinding.FromMessage(message));

        Assert.Contains("has no value", error.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using Ambient.Kafka.CloudEvents;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Kafka.Tests;

public sealed class StructuredModeTests(KafkaFixture kafka)
{
    [Fact]
    public async Task FromMessage_StructuredJsonThroughBroker_ReadsAttributesAndExactDataText()
    {
        var topic = await kafka.CreateTopicAsync("ce-structured");
        const string Json = """
            {"specversion":"1.0","id":"k8s-1","source":"/k8s/clusters/dev","type":"io.k8s.event.BackOff",
             "subject":"default/api-7d9","time":"2024-05-01T10:30:15.5+02:00","datacontenttype":"application/json",
             "data":{"reason":"BackOff",  "count":3}}
            """;

        var delivered = await Records.ProduceAsync(kafka, topic, Structured(Json, "application/cloudevents+json; charset=UTF-8"));
        var read = CloudEventKafkaBinding.FromMessage(Records.ReadAt(kafka, delivered.TopicPartitionOffset).Message);

        Assert.Equal("k8s-1", read.Id);
        Assert.Equal("/k8s/clusters/dev", read.Source);
        Assert.Equal("io.k8s.event.BackOff", read.Type);
        Assert.Equal("default/api-7d9", read.Subject);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 30, 15, 500, TimeSpan.Zero), read.Time);
        Assert.Equal("application/json", read.DataContentType);
        Assert.Equal("{\"reason\":\"BackOff\",  \"count\":3}", Encoding.UTF8.GetString(read.Data.Span));
    }

    [Fact]
    public void FromMessage_StructuredDataBase64_ReadsBytes()
    {
        var message = Structured("""
            {"specversion":"1.0","id":"b-1","source":"urn:ambient:test","type":"t","datacontenttype":"application/octet-stream","data_base64":"AAEC/w=="}
            """);

        var read = CloudEventKafkaBinding.FromMessage(message);

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.Data.ToArray());
        Assert.Equal("application/octet-stream", read.DataContentType);
    }

    [Fact]
    public void FromMessage_StructuredTextData_ReadsUtf8Text()
    {
        var message = Structured("""{"specversion":"1.0","id":"t-1","source":"/s","type":"t","datacontenttype":"text/plain","data":"grüße"}""");

        var read = CloudEventKafkaBinding.FromMessage(message);

        Assert.Equal("grüße", Encoding.UTF8.GetString(read.Data.Span));
    }

    [Fact]
    public void FromMessage_StructuredWithoutData_ReadsEmptyData()
    {
        var message = Structured("""{"specversion":"1.0","id":"n-1","source":"/s","type":"t"}""", "APPLICATION/CLOUDEVENTS+JSON");

        var read = CloudEventKafkaBinding.FromMessage(message);

        Assert.True(read.Data.IsEmpty);
        Assert.Null(read.Time);
        Assert.Null(read.DataContentType);
    }

    internal static Message<string?, byte[]> Structured(string json, string contentType = "application/cloudevents+json") => new()
    {
        Value = Encoding.UTF8.GetBytes(json),
        Headers = new Headers { { "content-type", Encoding.UTF8.GetBytes(contentType) } },
    };
}

using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Testing;

namespace Ambient.Kafka.Tests;

public sealed class BinaryModeTests(KafkaFixture kafka)
{
    private static readonly AmbientEvent s_issueOpened = new(
        "delivery-7f3a",
        "https://github.com/octo-org/octo-repo",
        "com.github.issues.opened",
        "issues/42",
        new DateTimeOffset(2024, 5, 1, 12, 30, 15, TimeSpan.FromHours(2)).AddTicks(1_234_567),
        "application/json",
        "{\"action\":\"opened\",\"number\":42}"u8.ToArray());

    [Fact]
    public async Task ToBinaryMessage_ThroughBroker_FromMessageReturnsSameEvent()
    {
        var topic = await kafka.CreateTopicAsync("ce-binary");

        var delivered = await Records.ProduceAsync(kafka, topic, CloudEventKafkaBinding.ToBinaryMessage(s_issueOpened, "github:octo-org/octo-repo#42"));
        var consumed = Records.ReadAt(kafka, delivered.TopicPartitionOffset);
        var read = CloudEventKafkaBinding.FromMessage(consumed.Message);

        Assert.Equal("github:octo-org/octo-repo#42", consumed.Message.Key);
        Assert.Equal(s_issueOpened with { Data = default }, read with { Data = default });
        Assert.Equal(s_issueOpened.Data.ToArray(), read.Data.ToArray());
        Assert.Equal(TimeSpan.Zero, read.Time!.Value.Offset);
    }

    [Fact]
    public async Task ToBinaryMessage_AllAttributes_WritesSpecHeadersAndDataAsValue()
    {
        var topic = await kafka.CreateTopicAsync("ce-headers");

        var delivered = await Records.ProduceAsync(kafka, topic, CloudEventKafkaBinding.ToBinaryMessage(s_issueOpened, key: null));
        var consumed = Records.ReadAt(kafka, delivered.TopicPartitionOffset);

        Assert.Equal(
            [
                ("ce_specversion", "1.0"),
                ("ce_id", "delivery-7f3a"),
                ("ce_source", "https://github.com/octo-org/octo-repo"),
                ("ce_type", "com.github.issues.opened"),
                ("ce_subject", "issues/42"),
                ("ce_time", "2024-05-01T10:30:15.1234567Z"),
                ("content-type", "application/json"),
            ],
            Records.HeaderTexts(consumed.Message.Headers));
        Assert.Equal("{\"action\":\"opened\",\"number\":42}", Encoding.UTF8.GetString(consumed.Message.Value));
        Assert.Null(consumed.Message.Key);
    }

    [Fact]
    public async Task ToBinaryMessage_OnlyRequiredAttributesAndNoData_WritesFourHeadersAndNoValue()
    {
        var topic = await kafka.CreateTopicAsync("ce-minimal");
        var minimal = new AmbientEvent("tick-1", "/ambient/scheduler", "io.ambient.schedule.nightly", null, null, null, ReadOnlyMemory<byte>.Empty);

        var delivered = await Records.ProduceAsync(kafka, topic, CloudEventKafkaBinding.ToBinaryMessage(minimal, "nightly"));
        var consumed = Records.ReadAt(kafka, delivered.TopicPartitionOffset);
        var read = CloudEventKafkaBinding.FromMessage(consumed.Message);

        Assert.Equal(["ce_specversion", "ce_id", "ce_source", "ce_type"], consumed.Message.Headers.Select(h => h.Key));
        Assert.Null(consumed.Message.Value);
        Assert.Equal(minimal, read with { Data = ReadOnlyMemory<byte>.Empty });
        Assert.True(read.Data.IsEmpty);
    }

    [Fact]
    public void ToBinaryMessage_WholeSecondTime_WritesNoFraction()
    {
        var message = CloudEventKafkaBinding.ToBinaryMessage(
            s_issueOpened with { Time = new DateTimeOffset(2018, 4, 5, 3, 56, 24, TimeSpan.Zero) }, key: null);

        Assert.True(message.Headers.TryGetLastBytes("ce_time", out var time));
        Assert.Equal("2018-04-05T03:56:24Z", Encoding.UTF8.GetString(time));
    }

    [Fact]
    public void FromMessage_UnknownExtensionHeadersAndOtherHeaders_AreIgnored()
    {
        var message = CloudEventKafkaBinding.ToBinaryMessage(s_issueOpened, key: null);
        message.Headers.Add("ce_partitionkey", "github:octo-org/octo-repo#42"u8.ToArray());
        message.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray());

        var read = CloudEventKafkaBinding.FromMessage(message);

        Assert.Equal(s_issueOpened.Id, read.Id);
        Assert.Equal(s_issueOpened.DataContentType, read.DataContentType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://[bad")]
    public void ToBinaryMessage_InvalidSource_ThrowsArgumentException(string source)
    {
        Assert.Throws<ArgumentException>(() => CloudEventKafkaBinding.ToBinaryMessage(s_issueOpened with { Source = source }, key: null));
    }
}

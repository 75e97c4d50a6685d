using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.CloudEvents;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Kafka.Tests;

public sealed class GitHubSamplePayloadTests(KafkaFixture kafka)
{
    private const string Sample = "github-webhooks/issues/opened.payload.json";

    [Fact]
    public async Task PublishAsync_GitHubIssuesOpenedPayload_ReadBackByteIdentical()
    {
        var path = SharedSpecs.Find(Sample);
        if (path is null)
        {
            Assert.Skip($"shared/specs/{Sample} was not found above {AppContext.BaseDirectory}; the byte-identity check needs the real GitHub sample.");
        }

        var payload = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var topic = await kafka.CreateTopicAsync("github");
        using var host = TestHosts.Build(kafka);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var publisher = host.Services.GetRequiredService<IRecordPublisher>();
        var sent = new AmbientEvent("72d3162e-cc78-11e3-81ab-4c9367dc0958", "https://github.com/Codertocat/Hello-World",
            CloudEventTypes.GitHub("issues", "opened"), "issues/1", null, "application/json", payload);

        await publisher.PublishAsync(CloudEventKafkaBinding.ToOutgoingRecord(sent, topic, EntityKeys.GitHub("Codertocat/Hello-World", 1)), TestContext.Current.CancellationToken);
        var consumed = Records.ReadAt(kafka, topic, 0, 0);
        var read = CloudEventKafkaBinding.FromMessage(consumed.Message);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(payload, consumed.Message.Value);
        Assert.Equal(payload, read.Data.ToArray());
        Assert.Equal("com.github.issues.opened", read.Type);
        Assert.Equal("github:Codertocat/Hello-World#1", consumed.Message.Key);
    }
}

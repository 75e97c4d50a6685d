using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

public sealed partial class PublishCommandTests
{
    [Fact]
    public async Task Publish_DataFromFile_WritesBinaryCloudEventByteForByte()
    {
        var directory = TestDirectories.Create("cli-publish");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        var payload = "{\n  \"action\": \"opened\",\n  \"title\": \"Grüße\"\n}\n"u8.ToArray();
        var file = Path.Combine(directory, "issue.json");
        await File.WriteAllBytesAsync(file, payload, TestContext.Current.CancellationToken);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "publish", "--topic", "cli.events", "--type", "com.github.issues.opened",
            "--source", "https://github.com/o/r", "--subject", "issues/7", "--key", "github:o/r#7", "--id", "evt-7", "--data", $"@{file}",
            "--bootstrap", broker.BootstrapServers);

        Assert.Equal(0, exit);
        var published = PublishedLine().Match(output);
        Assert.True(published.Success, output);
        var record = Read(broker.BootstrapServers, "cli.events", published);
        Assert.Equal("github:o/r#7", record.Key);
        Assert.Equal(payload, record.Value);
        var headers = record.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
        Assert.Equal(
            ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "content-type", "ambient-ingress"],
            headers.Select(h => h.Key));
        Assert.Equal("cli", headers[7].Item2);
        Assert.Equal(("1.0", "evt-7", "https://github.com/o/r", "com.github.issues.opened", "issues/7", "application/json"),
            (headers[0].Item2, headers[1].Item2, headers[2].Item2, headers[3].Item2, headers[4].Item2, headers[6].Item2));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", headers[5].Item2);
    }

    [Fact]
    public async Task Publish_InlineDataWithoutId_WritesNewGuidId()
    {
        var directory = TestDirectories.Create("cli-publish-inline");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "publish", "--topic", "cli.inline", "--type", "com.example.ping",
            "--source", "/cli", "--data", "{\"ping\":true}", "--bootstrap", broker.BootstrapServers);

        Assert.Equal(0, exit);
        var published = PublishedLine().Match(output);
        var record = Read(broker.BootstrapServers, "cli.inline", published);
        Assert.True(record.Headers.TryGetLastBytes("ce_id", out var id));
        Assert.True(Guid.TryParse(Encoding.UTF8.GetString(id), out _));
        Assert.Equal(published.Groups["id"].Value, Encoding.UTF8.GetString(id));
        Assert.Equal("{\"ping\":true}", Encoding.UTF8.GetString(record.Value));
    }

    [Fact]
    public async Task Publish_InvalidJsonData_ExitsWithInvalidArguments()
    {
        var (exit, output) = await TopicsCommandTests.RunAsync(TestDirectories.Create("cli-publish-json"), "publish", "--topic", "t", "--type", "x",
            "--source", "/s", "--data", "{\"a\":", "--bootstrap", $"127.0.0.1:{TopicsCommandTests.UnusedPort()}");

        Assert.Equal(2, exit);
        Assert.Contains("error: --data is not valid JSON (application/json)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MissingDataFile_ExitsWithInvalidArguments()
    {
        var directory = TestDirectories.Create("cli-publish-file");
        var missing = Path.Combine(directory, "missing.json");

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "publish", "--topic", "t", "--type", "x", "--source", "/s", "--data", $"@{missing}");

        Assert.Equal(2, exit);
        Assert.Contains($"error: --data: cannot read file '{missing}'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--source", "http://[bad", "error: --source 'http://[bad' is not a URI-reference")]
    [InlineData("--timeout-ms", "99", "error: --timeout-ms must be at least 100.")]
    [InlineData("--bootstrap", "a:1,,b:2", "error: Ambient:Kafka:BootstrapServers 'a:1,,b:2' is not a list of brokers")]
    public async Task Publish_InvalidArgument_ExitsWithInvalidArguments(string option, string value, string expected)
    {
        var arguments = new Dictionary<string, string> { ["--topic"] = "t", ["--type"] = "x", ["--source"] = "/s", ["--data"] = "{}", ["--timeout-ms"] = "1000" };
        arguments[option] = value;

        var (exit, output) = await TopicsCommandTests.RunAsync(TestDirectories.Create("cli-publish-args"), ["publish", .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_UnreachableBroker_ExitsWithKafkaErrorAfterTimeout()
    {
        var bootstrap = $"127.0.0.1:{TopicsCommandTests.UnusedPort()}";

        var (exit, output) = await TopicsCommandTests.RunAsync(TestDirectories.Create("cli-publish-down"), "publish", "--topic", "cli.down", "--type", "x",
            "--source", "/s", "--data", "{}", "--bootstrap", bootstrap, "--timeout-ms", "1000");

        Assert.Equal(5, exit);
        Assert.Contains("error: Could not publish to topic 'cli.down': Local: Message timed out", output, StringComparison.Ordinal);
        Assert.Contains($"Is a Kafka broker running at {bootstrap}?", output, StringComparison.Ordinal);
    }

    private static Message<string?, byte[]> Read(string bootstrap, string topic, Match published)
    {
        var partition = int.Parse(published.Groups["partition"].Value, CultureInfo.InvariantCulture);
        var offset = long.Parse(published.Groups["offset"].Value, CultureInfo.InvariantCulture);
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "cli-publish-reader" }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, offset));
        return (consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"Nothing at {topic}/{partition}@{offset}.")).Message;
    }

    [GeneratedRegex(@"Published (?<id>\S+) to (?<topic>\S+) partition (?<partition>\d+) offset (?<offset>\d+)")]
    private static partial Regex PublishedLine();
}

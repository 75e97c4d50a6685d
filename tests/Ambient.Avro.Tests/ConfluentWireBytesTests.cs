using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Schemas;

namespace Ambient.Avro.Tests;

/// <summary>
/// The Confluent-framed bytes of fixed records, compared with <c>Fixtures/confluent-wire-bytes.txt</c>: recorded with the
/// hand-written registry client Ambient had before Confluent.SchemaRegistry, so a change of client cannot change the wire.
/// </summary>
public sealed class ConfluentWireBytesTests
{
    private static readonly ActionRecord s_action = new(
        "run/0/0", "run", "slack-helper", ActionTargets.Slack, "reply", JsonDocument.Parse("""{"text":"hello"}""").RootElement,
        "because", "evt", "com.slack.app_mention", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Encode_EverySchemaInTurnOnAFreshRegistry_BytesEqualTheRecordedOnes()
    {
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "confluent-wire-bytes.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

        var actual = await EncodeAllAsync();

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, hex) in actual)
        {
            Assert.True(expected[name] == hex, $"{name}: expected {expected[name]}, got {hex}");
        }
    }

    // Ids are handed out by the stand-in from 1 in the order schemas are first registered: the names' ordinal order.
    internal static async Task<SortedDictionary<string, string>> EncodeAllAsync()
    {
        using var registry = new FakeSchemaRegistry();
        using var services = AvroServices.Build(registry.Url);
        var bytes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RepoSchemas.Names)
        {
            var schema = AmbientSchemas.Get(name);
            bytes[name] = Convert.ToHexString(await services.GenericCodec(schema).EncodeAsync(SampleData.For(schema), TestContext.Current.CancellationToken));
        }

        // The typed path: ActionRecord through its mapper's direct writer, not a GenericRecord.
        bytes["ActionRecord.typed"] = Convert.ToHexString(await services.Codec<ActionRecord>().EncodeAsync(s_action, TestContext.Current.CancellationToken));
        return bytes;
    }
}

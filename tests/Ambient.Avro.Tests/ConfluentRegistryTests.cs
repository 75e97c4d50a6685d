using System.Net;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Serialization;
using Ambient.Avro.Registry;

namespace Ambient.Avro.Tests;

/// <summary>
/// Confluent-framed records as a host writes and reads them: <c>AddAmbientAvro</c> with a registry URL, Confluent's
/// <c>CachedSchemaRegistryClient</c> underneath, the suite's registry stand-in over real HTTP.
/// </summary>
public sealed class ConfluentRegistryTests : IDisposable
{
    private const string ActionSubjectPath = "/subjects/io.ambient.v1.ActionRecord/versions";

    // Short, so a hanging stand-in fails the call soon; the test asserts what fails, never how fast.
    private static readonly Dictionary<string, string> s_shortTimeout = new() { ["RequestTimeout"] = "00:00:00.250" };

    private readonly FakeSchemaRegistry _registry = new();

    [Fact]
    public async Task EncodeDecode_ManyRecordsOfOneSchema_ConfluentFramedAndTheRegistryAskedOncePerSide()
    {
        using var writer = AvroServices.Build(_registry.Url);
        using var reader = AvroServices.Build(_registry.Url);
        var ct = TestContext.Current.CancellationToken;

        var written = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            written.Add(await writer.Codec<ActionRecord>().EncodeAsync(Action(i), ct));
        }

        var read = new List<ActionRecord>();
        foreach (var bytes in written)
        {
            read.Add(await reader.Codec<ActionRecord>().DecodeAsync(bytes, ct));
        }

        Assert.All(written, bytes => Assert.Equal([0, 0, 0, 0, 1], bytes[..5]));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => Action(i).Id), read.Select(action => action.Id));
        Assert.Equal(1, _registry.Requests("POST", "/subjects/"));
        Assert.Equal(1, _registry.Requests("GET", "/schemas/ids/"));
    }

    [Fact]
    public async Task Encode_RegistryAnswers500_FailsAsADependencyNotTheRecord()
    {
        _registry.Break(ActionSubjectPath, HttpStatusCode.InternalServerError, "<html>backing store down</html>");
        using var services = AvroServices.Build(_registry.Url);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(
            () => services.Codec<ActionRecord>().EncodeAsync(Action(0), TestContext.Current.CancellationToken).AsTask());

        Assert.IsAssignableFrom<DependencyUnavailableException>(error);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains(_registry.Url, error.Message, StringComparison.Ordinal);
        // One attempt: the worker's retry of a DependencyUnavailableException is the only retry loop.
        Assert.Equal(1, _registry.Requests("POST", ActionSubjectPath));
    }

    [Fact]
    public async Task Encode_RegistryHangs_FailsAsADependencyOnceTheRequestTimesOut()
    {
        _registry.Hang(ActionSubjectPath);
        using var services = AvroServices.Build(_registry.Url, registrySettings: s_shortTimeout);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(
            () => services.Codec<ActionRecord>().EncodeAsync(Action(0), TestContext.Current.CancellationToken).AsTask());

        Assert.IsAssignableFrom<DependencyUnavailableException>(error);
        Assert.Null(error.StatusCode);
        Assert.Contains("subjects/io.ambient.v1.ActionRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_RegistryHangs_FailsAsADependencyOnceTheRequestTimesOut()
    {
        _registry.Hang("/schemas/ids/7");
        using var services = AvroServices.Build(_registry.Url, registrySettings: s_shortTimeout);
        byte[] record = [0, 0, 0, 0, 7, 0];

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(
            () => services.Codec<ActionRecord>().DecodeAsync(record, TestContext.Current.CancellationToken).AsTask());

        Assert.IsAssignableFrom<DependencyUnavailableException>(error);
        Assert.Contains("schemas/ids/7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_RegistryHangsAndTheCallerGivesUp_IsCancelledNotARegistryFailure()
    {
        _registry.Hang("/schemas/ids/7");
        using var services = AvroServices.Build(_registry.Url);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var decoding = services.Codec<ActionRecord>().DecodeAsync(new byte[] { 0, 0, 0, 0, 7, 0 }, giveUp.Token).AsTask();

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decoding);
    }

    [Fact]
    public async Task Decode_SchemaIdTheRegistryDoesNotHave_IsARecordErrorForTheDeadLetterTopic()
    {
        using var services = AvroServices.Build(_registry.Url);
        byte[] record = [0, 0x00, 0x00, 0x10, 0x92, 0]; // schema id 4242

        var error = await Assert.ThrowsAsync<AvroSerializationException>(
            () => services.Codec<ActionRecord>().DecodeAsync(record, TestContext.Current.CancellationToken).AsTask());

        Assert.IsAssignableFrom<RecordFormatException>(error);
        Assert.Equal(AvroErrorKind.UnknownSchemaId, error.Kind);
        Assert.Contains("schema id 4242", error.Message, StringComparison.Ordinal);
        Assert.Contains(_registry.Url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeDecode_BasicAuthConfigured_EveryRequestCarriesTheCredentials()
    {
        using var writer = AvroServices.Build(_registry.Url, registrySettings: new Dictionary<string, string> { ["BasicAuthUserInfo"] = "ambient:s3cret:x" });
        var bytes = await writer.Codec<ActionRecord>().EncodeAsync(Action(0), TestContext.Current.CancellationToken);
        using var reader = AvroServices.Build(_registry.Url, registrySettings: new Dictionary<string, string> { ["BasicAuthUserInfo"] = "ambient:s3cret:x" });

        await reader.Codec<ActionRecord>().DecodeAsync(bytes, TestContext.Current.CancellationToken);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ambient:s3cret:x"));
        Assert.Equal([expected, expected], _registry.HeaderValues("Authorization"));
    }

    [Fact]
    public async Task Encode_NoBasicAuthConfigured_SendsNoAuthorizationHeader()
    {
        using var services = AvroServices.Build(_registry.Url);

        await services.Codec<ActionRecord>().EncodeAsync(Action(0), TestContext.Current.CancellationToken);

        Assert.Equal([null], _registry.HeaderValues("Authorization"));
    }

    public void Dispose() => _registry.Dispose();

    private static ActionRecord Action(int index) => new(
        $"run/1/{index}", "run", "github-triage", ActionTargets.GitHub, "add_labels",
        JsonDocument.Parse($$"""{"labels":["l{{index}}"]}""").RootElement, null, "evt", "com.github.issues.opened",
        new DateTimeOffset(2026, 11, 23, 9, 0, index, TimeSpan.Zero));
}

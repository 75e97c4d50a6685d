using System.Net;
using System.Net.Sockets;
using Ambient.Avro.Registry;
using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Tests;

public sealed class SchemaRegistryClientTests : IDisposable
{
    private readonly FakeSchemaRegistry _registry = new();
    private readonly SchemaRegistryClient _client;

    public SchemaRegistryClientTests() => _client = new SchemaRegistryClient(new SchemaRegistryOptions { Url = _registry.Url });

    [Fact]
    public async Task RegisterAsync_ThenGetSchemaAsync_ReturnsTheSameSchema()
    {
        var id = await _client.RegisterAsync("io.ambient.v1.Checkpoint", AmbientSchemas.Checkpoint, TestContext.Current.CancellationToken);
        using var other = new SchemaRegistryClient(new SchemaRegistryOptions { Url = _registry.Url });

        var fetched = await other.GetSchemaAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal(SchemaNormalization.ToParsingForm(AmbientSchemas.Checkpoint), SchemaNormalization.ToParsingForm(fetched));
    }

    [Fact]
    public async Task RegisterAsync_SameSchemaTwice_AsksTheRegistryOnce()
    {
        var first = await _client.RegisterAsync("io.ambient.v1.Task", AmbientSchemas.Get("Task"), TestContext.Current.CancellationToken);
        var second = await _client.RegisterAsync("io.ambient.v1.Task", AmbientSchemas.Get("Task"), TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(1, _registry.Requests("POST", "/subjects/"));
    }

    [Fact]
    public async Task GetSchemaAsync_SameIdTwice_AsksTheRegistryOnce()
    {
        var id = await _client.RegisterAsync("io.ambient.v1.Part", AmbientSchemas.Get("Part"), TestContext.Current.CancellationToken);
        using var reader = new SchemaRegistryClient(new SchemaRegistryOptions { Url = _registry.Url });

        await reader.GetSchemaAsync(id, TestContext.Current.CancellationToken);
        await reader.GetSchemaAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal(1, _registry.Requests("GET", "/schemas/ids/"));
    }

    [Fact]
    public async Task GetSchemaAsync_UnknownId_IsNotFoundWithTheRegistrysMessage()
    {
        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => _client.GetSchemaAsync(4242, TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Equal(40403, error.ErrorCode);
        Assert.Contains("schemas/ids/4242", error.Message, StringComparison.Ordinal);
        Assert.Contains("Schema 4242 not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_UnregisteredSchema_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => _client.LookupAsync("io.ambient.v1.AgentCard", AmbientSchemas.Get("AgentCard"), TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task CheckCompatibilityAsync_DefaultedFieldAddedThenRequiredFieldAdded_CompatibleThenNot()
    {
        var v1 = Schema.Parse("""{"type":"record","name":"Probe","namespace":"io.ambient.v1","fields":[{"name":"id","type":"string"}]}""");
        var v2 = Schema.Parse("""{"type":"record","name":"Probe","namespace":"io.ambient.v1","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0}]}""");
        var v3 = Schema.Parse("""{"type":"record","name":"Probe","namespace":"io.ambient.v1","fields":[{"name":"id","type":"string"},{"name":"m","type":"int"}]}""");
        var fresh = await _client.CheckCompatibilityAsync("io.ambient.v1.Probe", v1, TestContext.Current.CancellationToken);
        await _client.RegisterAsync("io.ambient.v1.Probe", v1, TestContext.Current.CancellationToken);

        var compatible = await _client.CheckCompatibilityAsync("io.ambient.v1.Probe", v2, TestContext.Current.CancellationToken);
        var incompatible = await _client.CheckCompatibilityAsync("io.ambient.v1.Probe", v3, TestContext.Current.CancellationToken);

        Assert.True(fresh.IsCompatible);
        Assert.True(compatible.IsCompatible);
        Assert.False(incompatible.IsCompatible);
    }

    [Fact]
    public async Task RegisterAsync_IncompatibleSchema_FailsWithConflict()
    {
        var v1 = Schema.Parse("""{"type":"record","name":"Strict","namespace":"io.ambient.v1","fields":[{"name":"id","type":"string"}]}""");
        var v2 = Schema.Parse("""{"type":"record","name":"Strict","namespace":"io.ambient.v1","fields":[{"name":"id","type":"int"}]}""");
        await _client.RegisterAsync("io.ambient.v1.Strict", v1, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => _client.RegisterAsync("io.ambient.v1.Strict", v2, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("incompatible", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSchemaAsync_ProxyAnswersHtml_FailsWithItsStatus()
    {
        _registry.Break("/schemas/ids/7", HttpStatusCode.BadGateway, "<html>upstream down</html>");

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => _client.GetSchemaAsync(7, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("schemas/ids/7", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ErrorCode);
        Assert.False(error.IsNotFound);
    }

    [Fact]
    public async Task GetSchemaAsync_NothingListening_FailsNamingTheRegistry()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var client = new SchemaRegistryClient(new SchemaRegistryOptions { Url = url });

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(1, TestContext.Current.CancellationToken));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task RegisterAsync_BaseUrlWithPath_KeepsThePath()
    {
        // Apicurio serves the Confluent API under /apis/ccompat/v7; nothing answers there on the fake.
        using var client = new SchemaRegistryClient(new SchemaRegistryOptions { Url = _registry.Url + "/apis/ccompat/v7" });

        await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterAsync("io.ambient.v1.Part", AmbientSchemas.Get("Part"), TestContext.Current.CancellationToken));

        Assert.Equal(1, _registry.Requests("POST", "/apis/ccompat/v7/subjects/io.ambient.v1.Part/versions"));
    }

    public void Dispose()
    {
        _client.Dispose();
        _registry.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

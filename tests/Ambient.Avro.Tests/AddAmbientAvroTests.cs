using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Avro.Serialization;
using Ambient.Avro.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Avro.Tests;

public sealed class AddAmbientAvroTests
{
    [Theory]
    [InlineData("not a url", "Ambient:SchemaRegistry:Url must be an absolute http or https URL, got 'not a url'.")]
    [InlineData("ftp://registry:21", "Ambient:SchemaRegistry:Url must be an absolute http or https URL")]
    public async Task StartAsync_BadRegistryUrl_FailsNamingTheSetting(string url, string message)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Ambient:SchemaRegistry:Url"] = url;
        builder.Services.AddAmbientAvro(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAmbientAvro_NoRegistry_WritesSingleObjectForBuiltInRecords()
    {
        using var services = AvroServices.Build();

        Assert.Equal(AvroWireFormat.SingleObject, services.Codec<ActionRecord>().WireFormat);
        Assert.Equal(AvroWireFormat.SingleObject, services.Codec<AuditRecord>().WireFormat);
        Assert.NotNull(services.GetRequiredService<AvroKafkaSerializer<ActionRecord>>());
        Assert.NotNull(services.GetRequiredService<AvroKafkaDeserializer<AuditRecord>>());
    }

    [Fact]
    public void AddAmbientAvro_RegistryUrl_WritesConfluentFormat()
    {
        using var services = AvroServices.Build("http://127.0.0.1:1");

        Assert.Equal(AvroWireFormat.Confluent, services.Codec<ActionRecord>().WireFormat);
    }

    [Fact]
    public void AddAmbientAvro_CalledTwice_RegistersOnce()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddAmbientAvro(configuration).AddAmbientAvro(configuration);

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IAvroFraming));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IValidateOptions<Registry.SchemaRegistryOptions>));
    }
}

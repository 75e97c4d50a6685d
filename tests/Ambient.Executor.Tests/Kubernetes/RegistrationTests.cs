using Ambient.Executor.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class RegistrationTests
{
    [Theory]
    [InlineData("Timeout", "00:00:00", "Ambient:Executors:Kubernetes:Timeout must be positive")]
    [InlineData("Url", "ftp://cluster.example", "Ambient:Executors:Kubernetes:Url must be an absolute http or https URL")]
    public async Task StartAsync_BadSetting_FailsNamingTheConfigPath(string key, string value, string message)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>($"Ambient:Executors:Kubernetes:{key}", value)]);
        builder.Services.AddAmbientKubernetesTarget(builder.Configuration);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAmbientKubernetesTarget_Twice_RegistersOneTargetThatContactsNothingAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("Ambient:Executors:Kubernetes:Url", "http://127.0.0.1:1")]);
        builder.Services.AddAmbientKubernetesTarget(builder.Configuration);
        builder.Services.AddAmbientKubernetesTarget(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        var target = Assert.Single(host.Services.GetServices<IActionTarget>());
        Assert.Equal("kubernetes", target.Name);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}

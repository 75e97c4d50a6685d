using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Mcp.Tests;

public sealed class McpServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddAmbientMcp_CalledTwice_RegistersOneSingletonHost()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);

        services.AddAmbientMcp().AddAmbientMcp();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(McpToolHost));
        Assert.Same(provider.GetRequiredService<McpToolHost>(), provider.GetRequiredService<McpToolHost>());
    }
}

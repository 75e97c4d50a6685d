using System.Text.Json;
using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Tools.Tests;

/// <summary>The six tools as a worker gets them: AddAmbientReadTools over in-memory configuration, resolved from DI.</summary>
internal sealed class ReadTools : IDisposable
{
    private readonly ServiceProvider _services;

    public ReadTools(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        _services = new ServiceCollection().AddAmbientReadTools(configuration).BuildServiceProvider();
    }

    public IReadOnlyList<IAmbientTool> All => [.. _services.GetServices<IAmbientTool>()];

    public IAmbientTool this[string name] => All.Single(tool => tool.Descriptor.Name == name);

    /// <summary>Calls a tool with arguments given as an anonymous object, as a model would write them.</summary>
    public Task<ToolResult> CallAsync(string name, object arguments) => CancellableCallAsync(name, arguments, TestContext.Current.CancellationToken);

    /// <summary>Calls a tool with the test's own token.</summary>
    public Task<ToolResult> CancellableCallAsync(string name, object arguments, CancellationToken cancellationToken) =>
        this[name].InvokeAsync(new ToolCall("tester", "run-1", "call-1", new ToolArguments(JsonSerializer.SerializeToElement(arguments))), cancellationToken);

    public void Dispose() => _services.Dispose();
}
